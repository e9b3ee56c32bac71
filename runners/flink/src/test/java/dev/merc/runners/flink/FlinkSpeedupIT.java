package dev.merc.runners.flink;

import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import dev.merc.schema.DatabaseConfig;
import dev.merc.schema.TestDatabases;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Throughput on the session cluster at parallelism 1 and 2 over a corpus, each run into a fresh
 * Postgres database. Not part of the normal build: runs only with -Dmerc.flink.bench=CORPUS, e.g.
 * {@code mvn -B -o verify -pl runners/flink -am -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=FlinkSpeedupIT -Dmerc.flink.bench=/work/corpus}.
 */
public class FlinkSpeedupIT {

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void parallelismOneAndTwo() throws Exception {
    String corpus = System.getProperty("merc.flink.bench", "");
    assumeTrue("set -Dmerc.flink.bench=CORPUS to run the Flink benchmark", !corpus.isEmpty());
    Path jar = Paths.get("target/merc-flink.jar").toAbsolutePath();
    String classpath = Files.readString(Paths.get("target/flink-cluster.classpath")).trim();
    double[] seconds = new double[3];
    try (FlinkSessionCluster cluster = FlinkSessionCluster.start(tmp.newFolder("flink").toPath(), classpath)) {
      for (int p = 1; p <= 2; p++) {
        try (TestDatabases.TestDatabase db = TestDatabases.postgres()) {
          DatabaseConfig c = db.config();
          List<String> cmd = FlinkSessionCluster.java(List.of("-Xmx1g"),
              jar + File.pathSeparator + classpath, "dev.merc.pipeline.MercMain",
              "--runner=FlinkRunner", "--flinkMaster=" + cluster.master(), "--filesToStage=" + jar,
              "--parallelism=" + p, "--fasterCopy=true", "--filesPerGroup=16",
              "--input=" + corpus, "--jdbcUrl=" + c.jdbcUrl(), "--jdbcUsername=" + c.username());
          long start = System.nanoTime();
          String out = FlinkClusterIT.run(cluster, cmd, "bench-p" + p);
          seconds[p] = (System.nanoTime() - start) / 1e9;
          assertTrue(out, out.contains("merc: files ") && !out.contains("WARNING"));
        }
      }
    }
    System.err.printf(Locale.ROOT, "flink bench: p1 %.1f s, p2 %.1f s, speedup %.2fx%n",
        seconds[1], seconds[2], seconds[1] / seconds[2]);
  }
}
