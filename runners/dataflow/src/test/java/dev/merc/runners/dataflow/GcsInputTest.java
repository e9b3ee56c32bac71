package dev.merc.runners.dataflow;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.merc.pipeline.MercMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * --input=gs://bucket/prefix/** end to end through Beam's GcsFileSystem, against a local fake of
 * the GCS JSON API: the records must be the ones a run over the same files on disk stores, and
 * every path must be the object's gs:// URL.
 */
public class GcsInputTest {

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void readsAPrefixFromGcs() throws Exception {
    Path root = tmp.newFolder("gcs").toPath();
    Path prefix = Files.createDirectories(root.resolve("merc-bucket/samples/2026"));
    int files = 0;
    try (Stream<Path> demo = Files.list(DataflowTemplateIT.demo())) {
      for (Path f : demo.filter(p -> p.toString().matches(".*\\.(exe|dll)$")).toList()) {
        Path sub = Files.createDirectories(prefix.resolve(files % 2 == 0 ? "a" : "b/c"));
        Files.copy(f, sub.resolve(f.getFileName()));
        files++;
      }
    }
    // Outside the prefix: must not be read.
    Files.writeString(root.resolve("merc-bucket/other.txt"), "not under the prefix");

    String gcsDb = "jdbc:sqlite:" + tmp.getRoot().toPath().resolve("gcs.db");
    String localDb = "jdbc:sqlite:" + tmp.getRoot().toPath().resolve("local.db");
    try (FakeGcs gcs = new FakeGcs(root)) {
      String out = run("--input=gs://merc-bucket/samples/**", "--jdbcUrl=" + gcsDb,
          "--gcsEndpoint=" + gcs.endpoint(),
          "--credentialFactoryClass=org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory");
      assertTrue(out, out.contains("merc: files " + files + ", "));
      assertTrue(out, out.contains("stored " + files + ", duplicates 0, failures 0"));
      assertEquals("fake GCS saw requests it does not serve", List.of(), gcs.unexpected);
      assertTrue("objects were downloaded: " + gcs.downloads, gcs.downloads.get() >= files);
    }
    run("--input=" + prefix, "--jdbcUrl=" + localDb);

    assertEquals(rows(localDb, "SELECT * FROM samples ORDER BY sha256"),
        rows(gcsDb, "SELECT * FROM samples ORDER BY sha256"));
    List<String> gcsPaths = rows(gcsDb, "SELECT sha256, path FROM sample_paths ORDER BY sha256");
    List<String> localPaths = rows(localDb, "SELECT sha256, path FROM sample_paths ORDER BY sha256");
    assertEquals(files, gcsPaths.size());
    assertEquals(localPaths.stream().map(r -> r.replace(prefix.toString(), "gs://merc-bucket/samples/2026")).toList(),
        gcsPaths);
  }

  private static String run(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--runner=DirectRunner");
    all.add("--progress=false");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = MercMain.execute(all.toArray(String[]::new), new PrintStream(err, true, StandardCharsets.UTF_8));
    String out = err.toString(StandardCharsets.UTF_8);
    assertEquals(out, 0, code);
    return out;
  }

  /** Rows as text, without the columns that record when. */
  private static List<String> rows(String url, String sql) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          String col = md.getColumnName(i);
          if (!col.equals("first_seen") && !col.equals("updated_at")) {
            row.append(col).append('=').append(rs.getString(i)).append('|');
          }
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }
}
