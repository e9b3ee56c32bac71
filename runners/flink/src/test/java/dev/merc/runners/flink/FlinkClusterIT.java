package dev.merc.runners.flink;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.merc.pipeline.MercMain;
import dev.merc.schema.DatabaseConfig;
import dev.merc.schema.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * merc-flink.jar on a real Flink 1.19 session cluster (JobManager and TaskManager in their own
 * processes), submitted both ways the README gives: from Merc's own client with --flinkMaster, and
 * through Flink's CliFrontend (`flink run`). Each run writes a fresh Postgres database that must
 * hold exactly what the DirectRunner stores from the same folder.
 */
public class FlinkClusterIT {

  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  private static final Path JAR = Paths.get("target/merc-flink.jar").toAbsolutePath();
  private static FlinkSessionCluster cluster;
  private static Path input;
  private static int files;
  private static List<String> directRows;

  @BeforeClass
  public static void startClusterAndRunDirect() throws Exception {
    TestDatabases.requirePostgres();
    assertTrue("run after package: " + JAR, Files.isRegularFile(JAR));
    input = TMP.newFolder("in").toPath();
    files = DemoSamples.write(input);
    try (TestDatabases.TestDatabase db = TestDatabases.postgres()) {
      DatabaseConfig c = db.config();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code = MercMain.execute(new String[] {"--runner=DirectRunner", "--input=" + input,
          "--jdbcUrl=" + c.jdbcUrl(), "--jdbcUsername=" + c.username(), "--progress=false"},
          new PrintStream(err, true, StandardCharsets.UTF_8));
      assertEquals(err.toString(StandardCharsets.UTF_8), 0, code);
      directRows = DemoSamples.dump(c.jdbcUrl(), c.username());
    }
    assertTrue(directRows.toString(), directRows.stream().filter(r -> r.startsWith("sample_paths|")).count() == files);
    long started = System.nanoTime();
    cluster = FlinkSessionCluster.start(TMP.newFolder("flink").toPath(), clusterClasspath());
    System.err.printf("flink cluster up in %.1f s on %s%n", (System.nanoTime() - started) / 1e9, cluster.master());
  }

  @AfterClass
  public static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** The Flink jars of this module's build, listed by the dependency plugin; no Beam, no Merc. */
  static String clusterClasspath() throws Exception {
    return Files.readString(Paths.get("target/flink-cluster.classpath")).trim();
  }

  @Test
  public void clientSubmissionWithFlinkMaster() throws Exception {
    try (TestDatabases.TestDatabase db = TestDatabases.postgres()) {
      DatabaseConfig c = db.config();
      // The client needs Flink's jars beside the bundle, since the bundle leaves them to the cluster.
      List<String> cmd = FlinkSessionCluster.java(List.of("-Xmx1g"),
          JAR + java.io.File.pathSeparator + cluster.classpath, "dev.merc.pipeline.MercMain",
          "--runner=FlinkRunner", "--flinkMaster=" + cluster.master(),
          "--filesToStage=" + JAR, "--parallelism=2", "--fasterCopy=true",
          "--input=" + input, "--jdbcUrl=" + c.jdbcUrl(), "--jdbcUsername=" + c.username());
      String out = run(cluster, cmd, "client");
      assertTrue(out, out.contains("merc: files " + files + ", "));
      assertTrue(out, out.contains("stored " + files + ", duplicates 0, failures 0"));
      assertEquals(directRows, DemoSamples.dump(c.jdbcUrl(), c.username()));
    }
    assertFinishedJobs(1);
  }

  @Test
  public void flinkRunThroughCliFrontend() throws Exception {
    try (TestDatabases.TestDatabase db = TestDatabases.postgres()) {
      DatabaseConfig c = db.config();
      List<String> cmd = FlinkSessionCluster.java(List.of("-Xmx1g"), cluster.classpath,
          "org.apache.flink.client.cli.CliFrontend", "run", "-m", cluster.master(), "-p", "2",
          "-c", "dev.merc.pipeline.MercMain", JAR.toString(),
          "--runner=FlinkRunner", "--objectReuse=true", "--fasterCopy=true", "--input=" + input,
          "--jdbcUrl=" + c.jdbcUrl(), "--jdbcUsername=" + c.username());
      String out = run(cluster, cmd, "flink-run");
      assertTrue(out, out.contains("merc: files " + files + ", "));
      assertEquals(directRows, DemoSamples.dump(c.jdbcUrl(), c.username()));
    }
    assertFinishedJobs(1);
  }

  private static synchronized void assertFinishedJobs(int atLeast) throws Exception {
    String jobs = cluster.get("/jobs/overview");
    long finished = jobs.split("\"state\":\"FINISHED\"", -1).length - 1;
    assertTrue(jobs, finished >= atLeast);
    assertTrue(jobs, !jobs.contains("\"state\":\"FAILED\""));
  }

  static String run(FlinkSessionCluster cluster, List<String> cmd, String name) throws Exception {
    Path log = cluster.dir.resolve(name + ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("FLINK_CONF_DIR", cluster.confDir.toString());
    long started = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(name + " timed out:\n" + Files.readString(log));
    }
    String out = Files.readString(log);
    System.err.printf("%s: exit %d in %.1f s%n", name, p.exitValue(), (System.nanoTime() - started) / 1e9);
    assertEquals(out, 0, p.exitValue());
    List<String> summary = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (line.startsWith("merc: ")) {
        summary.add(line);
      }
    }
    System.err.println(String.join("\n", summary));
    return out;
  }
}
