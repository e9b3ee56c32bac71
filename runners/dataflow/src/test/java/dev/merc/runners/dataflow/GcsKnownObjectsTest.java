package dev.merc.runners.dataflow;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import dev.merc.pipeline.MercMain;
import dev.merc.pipeline.MercOptions;
import dev.merc.pipeline.MercPipeline;
import dev.merc.schema.DataSources;
import dev.merc.transforms.MercMetrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Reruns over a gs:// prefix, against the local fake of the GCS API: GcsObjectLister lists the
 * objects with the Cloud Storage client, and objects whose listed md5 and size are a stored
 * sample's are recorded as known without a single media download; only new content is read.
 */
public class GcsKnownObjectsTest {

  private static final String NOOP =
      "--credentialFactoryClass=org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory";

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void rerunRecordsStoredObjectsWithoutDownloadingThem() throws Exception {
    Path root = tmp.newFolder("gcs").toPath();
    Path bucket = Files.createDirectories(root.resolve("merc-bucket"));
    List<Path> demo;
    try (Stream<Path> files = Files.list(DataflowTemplateIT.demo())) {
      demo = files.filter(p -> p.toString().matches(".*\\.(exe|dll)$")).sorted().toList();
    }
    int n = demo.size();
    for (Path f : demo) {
      copy(f, bucket.resolve("samples/first/" + f.getFileName()));
    }
    String db = "jdbc:sqlite:" + tmp.getRoot().toPath().resolve("merc.db");
    String input = "--input=gs://merc-bucket/samples/**";

    try (FakeGcs gcs = new FakeGcs(root)) {
      String endpoint = "--gcsEndpoint=" + gcs.endpoint();
      String first = runMain(input, "--jdbcUrl=" + db, endpoint, NOOP);
      assertTrue(first, first.contains("stored " + n + ", duplicates 0, failures 0"));
      assertTrue("the first run reads every object", gcs.downloads.get() >= n);

      // The same contents again under new names: a rerun must record them unread.
      for (Path f : demo) {
        copy(f, bucket.resolve("samples/again/" + f.getFileName()));
      }
      gcs.downloads.set(0);
      Counts rerun = runPipeline(input, "--jdbcUrl=" + db, endpoint, NOOP);
      assertEquals("no object may be downloaded", 0, gcs.downloads.get());
      assertEquals(2L * n, rerun.matched);
      assertEquals(0, rerun.stored);
      assertEquals(2L * n, rerun.known);
      assertEquals(2L * n, rerun.unread);
      assertEquals("fake GCS saw requests it does not serve", List.of(), gcs.unexpected);
      Map<String, String> paths = paths(db);
      assertEquals(2 * n, paths.size());
      for (Path f : demo) {
        String name = f.getFileName().toString();
        assertNotNull(name, paths.get("gs://merc-bucket/samples/first/" + name));
        assertEquals(name, paths.get("gs://merc-bucket/samples/first/" + name),
            paths.get("gs://merc-bucket/samples/again/" + name));
      }
      assertEquals(String.valueOf(n), scalar(db, "SELECT count(*) FROM samples"));

      // New content under the prefix is still downloaded and extracted; the rest stays unread.
      Path extended = copy(demo.get(0), bucket.resolve("samples/new/extended.exe"));
      Files.write(extended, "an overlay".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
      gcs.downloads.set(0);
      Counts third = runPipeline(input, "--jdbcUrl=" + db, endpoint, NOOP);
      assertEquals(1, third.stored);
      assertEquals(2L * n, third.unread);
      assertTrue("the new object is read", gcs.downloads.get() >= 1);

      // Turned off, every object is read and hashed again (and found known by its sha256).
      gcs.downloads.set(0);
      Counts off = runPipeline(input, "--jdbcUrl=" + db, endpoint, NOOP, "--skipKnownByMd5=false");
      assertEquals(2L * n + 1, off.known);
      assertEquals(0, off.unread);
      assertTrue(gcs.downloads.get() >= 2 * n + 1);
    }
  }

  private static Path copy(Path from, Path to) throws Exception {
    Files.createDirectories(to.getParent());
    return Files.copy(from, to);
  }

  private static String runMain(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--runner=DirectRunner");
    all.add("--progress=false");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = MercMain.execute(all.toArray(String[]::new), new PrintStream(err, true, StandardCharsets.UTF_8));
    String out = err.toString(StandardCharsets.UTF_8);
    assertEquals(out, 0, code);
    return out;
  }

  private record Counts(long matched, long stored, long known, long unread) {}

  /** A run through MercPipeline, so that its counters can be read. */
  private static Counts runPipeline(String... args) {
    PipelineOptionsFactory.register(MercOptions.class);
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--runner=DirectRunner");
    MercOptions options =
        PipelineOptionsFactory.fromArgs(all.toArray(String[]::new)).withValidation().as(MercOptions.class);
    try {
      PipelineResult result = MercPipeline.run(options);
      assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
      return new Counts(counter(result, MercMetrics.MATCHED_FILES),
          counter(result, MercMetrics.STORED), counter(result, MercMetrics.KNOWN),
          counter(result, MercMetrics.KNOWN_UNREAD));
    } finally {
      DataSources.closeAll();
    }
  }

  private static long counter(PipelineResult result, String name) {
    long sum = 0;
    for (MetricResult<Long> c : result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.named(MercMetrics.NAMESPACE, name)).build()).getCounters()) {
      sum += c.getAttempted();
    }
    return sum;
  }

  /** path to sha256. */
  private static Map<String, String> paths(String url) throws Exception {
    Map<String, String> paths = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT path, sha256 FROM sample_paths")) {
      while (rs.next()) {
        paths.put(rs.getString(1), rs.getString(2));
      }
    }
    return paths;
  }

  private static String scalar(String url, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
