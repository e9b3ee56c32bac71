package dev.merc.runners.flink;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.merc.pipeline.MercMain;
import dev.merc.pipeline.QueueLoader;
import dev.merc.schema.DatabaseConfig;
import dev.merc.schema.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamGroupInfo;

/**
 * The work-queue consumer (--queueStream) as a streaming job on a real Flink 1.19 session cluster:
 * the loader queues the demo files on a fresh Redis stream, merc-flink.jar is submitted detached
 * at parallelism 2, and once the group has delivered every entry and has none pending, the
 * Postgres database must hold exactly what a DirectRunner batch run over the same folder stores.
 * The job is then cancelled over Flink's REST API.
 */
public class FlinkQueueIT {

  private static final String REDIS = System.getenv().getOrDefault("MERC_TEST_REDIS", "127.0.0.1:6379");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void consumesTheQueueOnTheSessionCluster() throws Exception {
    TestDatabases.requirePostgres();
    Path jar = Paths.get("target/merc-flink.jar").toAbsolutePath();
    assertTrue("run after package: " + jar, Files.isRegularFile(jar));
    Path input = tmp.newFolder("in").toPath();
    int files = DemoSamples.write(input);
    List<String> directRows = directRun(input);

    String queue = "merc-test:flink-queue:" + UUID.randomUUID().toString().substring(0, 8);
    try (Jedis jedis = redis()) {
      try {
        String loaded = load(input, queue);
        assertTrue(loaded, loaded.contains("queued " + files + " paths on " + queue));
        try (FlinkSessionCluster cluster = FlinkSessionCluster.start(
                tmp.newFolder("flink").toPath(), FlinkClusterIT.clusterClasspath());
            TestDatabases.TestDatabase db = TestDatabases.postgres()) {
          DatabaseConfig c = db.config();
          // Detached, and not waiting: the client returns once the streaming job is submitted.
          List<String> cmd = FlinkSessionCluster.java(List.of("-Xmx1g"),
              jar + File.pathSeparator + cluster.classpath, "dev.merc.pipeline.MercMain",
              "--runner=FlinkRunner", "--flinkMaster=" + cluster.master(),
              "--filesToStage=" + jar, "--streaming=true", "--parallelism=2",
              "--attachedMode=false", "--waitUntilFinish=false", "--fasterCopy=true",
              "--queueStream=" + queue, "--queueGroup=merc", "--queueClaimIdle=2m",
              "--redisUrl=redis://" + REDIS,
              "--jdbcUrl=" + c.jdbcUrl(), "--jdbcUsername=" + c.username());
          String out = FlinkClusterIT.run(cluster, cmd, "queue-client");
          assertTrue(out, out.contains("merc: submitted"));
          String job = runningJob(cluster);
          long started = System.nanoTime();
          try {
            awaitDrained(jedis, queue, files, cluster, job, 180);
            System.err.printf("flink queue: %d entries drained in %.1f s%n", files,
                (System.nanoTime() - started) / 1e9);
            assertEquals(directRows, DemoSamples.dump(c.jdbcUrl(), c.username()));
          } finally {
            cancel(cluster, job);
          }
        }
      } finally {
        jedis.del(queue);
      }
    }
  }

  private static List<String> directRun(Path input) throws Exception {
    try (TestDatabases.TestDatabase db = TestDatabases.postgres()) {
      DatabaseConfig c = db.config();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code = MercMain.execute(new String[] {"--runner=DirectRunner", "--input=" + input,
          "--jdbcUrl=" + c.jdbcUrl(), "--jdbcUsername=" + c.username(), "--progress=false"},
          new PrintStream(err, true, StandardCharsets.UTF_8));
      assertEquals(err.toString(StandardCharsets.UTF_8), 0, code);
      return DemoSamples.dump(c.jdbcUrl(), c.username());
    }
  }

  private static String load(Path input, String queue) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = QueueLoader.execute(new String[] {"--input=" + input,
        "--redisUrl=redis://" + REDIS, "--queueStream=" + queue},
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String out = err.toString(StandardCharsets.UTF_8);
    assertEquals(out, 0, code);
    return out;
  }

  /** The one job the cluster runs; the detached client may return before it is listed. */
  private static String runningJob(FlinkSessionCluster cluster) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      List<String> running = new ArrayList<>();
      for (JsonNode j : JSON.readTree(cluster.get("/jobs/overview")).path("jobs")) {
        if (j.path("state").asText().equals("RUNNING")) {
          running.add(j.path("jid").asText());
        }
      }
      assertTrue("more than one job: " + running, running.size() <= 1);
      if (running.size() == 1) {
        return running.get(0);
      }
      Thread.sleep(500);
    }
    throw new AssertionError("no running job: " + cluster.get("/jobs/overview"));
  }

  /**
   * Waits until the group has been handed every entry and none is pending (each acknowledged after
   * its commit). Fails at once if the job stops running, with Flink's reason.
   */
  private static void awaitDrained(Jedis jedis, String queue, int entries,
      FlinkSessionCluster cluster, String job, int seconds) throws Exception {
    assertEquals(entries, jedis.xlen(queue));
    StreamEntryID last = jedis.xrevrange(queue, (StreamEntryID) null, (StreamEntryID) null, 1)
        .get(0).getID();
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    StreamGroupInfo g = null;
    while (System.nanoTime() < deadline) {
      g = jedis.xinfoGroup(queue).get(0);
      if (g.getPending() == 0 && last.equals(g.getLastDeliveredId())) {
        return;
      }
      String state = JSON.readTree(cluster.get("/jobs/" + job)).path("state").asText();
      if (!state.equals("RUNNING")) {
        fail("job " + job + " is " + state + ": " + cluster.get("/jobs/" + job + "/exceptions"));
      }
      Thread.sleep(500);
    }
    fail("queue not drained within " + seconds + " s: pending " + g.getPending()
        + ", last delivered " + g.getLastDeliveredId() + " of " + last);
  }

  private static void cancel(FlinkSessionCluster cluster, String job) throws Exception {
    cluster.patch("/jobs/" + job + "?mode=cancel");
    long deadline = System.nanoTime() + 60_000_000_000L;
    String state = "";
    while (System.nanoTime() < deadline) {
      state = JSON.readTree(cluster.get("/jobs/" + job)).path("state").asText();
      if (state.equals("CANCELED")) {
        return;
      }
      Thread.sleep(500);
    }
    fail("job " + job + " not cancelled: " + state);
  }

  /** The machine's Redis; without it the test skips, except under CI=true, where it fails. */
  private static Jedis redis() {
    String[] hp = REDIS.split(":");
    Jedis jedis = new Jedis(hp[0], Integer.parseInt(hp[1]), 5000);
    try {
      jedis.ping();
      return jedis;
    } catch (RuntimeException e) {
      jedis.close();
      String message = "Redis at " + REDIS + " is not reachable (" + e.getMessage() + ")";
      if ("true".equals(System.getenv("CI"))) {
        fail(message + "; CI=true requires it");
      }
      assumeTrue(message + ": test skipped", false);
      throw new AssertionError("unreachable");
    }
  }
}
