package dev.merc.runners.flink;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.merc.schema.DatabaseConfig;
import dev.merc.schema.TestDatabases;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The Flink benchmark: Merc on the session cluster at parallelism 1 and 2 over a corpus, N runs
 * each (default 3), every run into a fresh Postgres database so that each extracts everything. The
 * time of a run is the job's duration as Flink's REST API reports it (/jobs/ID), so the client's
 * start-up and the jar upload are left out. Prints files/s, MB/s and the speedup of medians, and
 * writes them to target/flink-speedup.txt; asserts nothing about speed.
 *
 * <p>Opt-in, not part of the build: it runs only when a corpus is given, by
 * {@code -Dmerc.bench.corpus=DIR} or {@code MERC_BENCH_CORPUS=DIR} (runs: {@code -Dmerc.bench.runs}
 * or {@code MERC_BENCH_RUNS}). {@code bench/flink-speedup.sh CORPUS [RUNS]} runs it.
 */
public class FlinkSpeedupIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SUMMARY =
      Pattern.compile("merc: files (\\d+), bytes (\\d+), stored (\\d+), duplicates (\\d+), failures (\\d+)");

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void parallelismOneAndTwo() throws Exception {
    String corpus = setting("merc.bench.corpus", "MERC_BENCH_CORPUS", "");
    assumeTrue("set MERC_BENCH_CORPUS=DIR (or -Dmerc.bench.corpus) to run the Flink benchmark",
        !corpus.isEmpty());
    int runs = Integer.parseInt(setting("merc.bench.runs", "MERC_BENCH_RUNS", "3"));
    assertTrue("not a directory: " + corpus, Files.isDirectory(Paths.get(corpus)));
    Path jar = Paths.get("target/merc-flink.jar").toAbsolutePath();
    List<String> report = new ArrayList<>();
    long files = -1;
    long bytes = -1;
    double[] median = new double[3];
    try (FlinkSessionCluster cluster = FlinkSessionCluster.start(
        tmp.newFolder("flink").toPath(), FlinkClusterIT.clusterClasspath())) {
      for (int p = 1; p <= 2; p++) {
        double[] seconds = new double[runs];
        for (int r = 0; r < runs; r++) {
          Set<String> before = jobs(cluster);
          try (TestDatabases.TestDatabase db = TestDatabases.postgres()) {
            DatabaseConfig c = db.config();
            List<String> cmd = FlinkSessionCluster.java(List.of("-Xmx1g"),
                jar + File.pathSeparator + cluster.classpath, "dev.merc.pipeline.MercMain",
                "--runner=FlinkRunner", "--flinkMaster=" + cluster.master(),
                "--filesToStage=" + jar, "--parallelism=" + p, "--fasterCopy=true",
                "--filesPerGroup=16", "--input=" + corpus, "--jdbcUrl=" + c.jdbcUrl(),
                "--jdbcUsername=" + c.username());
            String out = FlinkClusterIT.run(cluster, cmd, "bench-p" + p + "-" + r);
            Matcher m = SUMMARY.matcher(out);
            assertTrue(out, m.find() && !out.contains("WARNING"));
            files = Long.parseLong(m.group(1));
            bytes = Long.parseLong(m.group(2));
            assertEquals("every file extracted: " + m.group(), files, Long.parseLong(m.group(3)));
          }
          seconds[r] = durationOfNewJob(cluster, before);
        }
        median[p] = median(seconds);
        String line = String.format(Locale.ROOT,
            "flink bench: p%d median %.1f s (runs %s), %.1f files/s, %.1f MB/s",
            p, median[p], formatted(seconds), files / median[p], bytes / 1e6 / median[p]);
        report.add(line);
        System.err.println(line);
      }
    }
    report.add(0, String.format(Locale.ROOT,
        "flink bench: %s, %d files, %.1f MB, runs per parallelism %d, job duration from /jobs/ID",
        corpus, files, bytes / 1e6, runs));
    report.add(String.format(Locale.ROOT, "flink bench: speedup p2 over p1 %.2fx",
        median[1] / median[2]));
    System.err.println(report.get(0));
    System.err.println(report.get(report.size() - 1));
    Files.write(Paths.get("target/flink-speedup.txt"), report);
  }

  private static String setting(String property, String env, String fallback) {
    String value = System.getProperty(property);
    if (value == null || value.isEmpty()) {
      value = System.getenv(env);
    }
    return value == null || value.isEmpty() ? fallback : value;
  }

  private static Set<String> jobs(FlinkSessionCluster cluster) throws Exception {
    Set<String> ids = new HashSet<>();
    for (JsonNode j : JSON.readTree(cluster.get("/jobs/overview")).path("jobs")) {
      ids.add(j.path("jid").asText());
    }
    return ids;
  }

  /** The one job that appeared since {@code before}: it must have finished; its duration in s. */
  private static double durationOfNewJob(FlinkSessionCluster cluster, Set<String> before)
      throws Exception {
    Set<String> now = jobs(cluster);
    now.removeAll(before);
    assertEquals("one new job per run: " + now, 1, now.size());
    JsonNode job = JSON.readTree(cluster.get("/jobs/" + now.iterator().next()));
    assertEquals(job.toString(), "FINISHED", job.path("state").asText());
    return job.path("duration").asLong() / 1000.0;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static String formatted(double[] values) {
    List<String> parts = new ArrayList<>();
    for (double v : values) {
      parts.add(String.format(Locale.ROOT, "%.1f", v));
    }
    return String.join(", ", parts);
  }
}
