package dev.merc.runners.dataflow;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamGroupInfo;

/**
 * What the README says merc-dataflow.jar does with gs:// on one machine, run from the shaded jar
 * itself against the fake GCS: the queue loader lists a prefix onto a Redis stream, the
 * work-queue consumer on the DirectRunner stores every queued object, and a batch run over the
 * same prefix stores the same samples.
 */
public class GcsBundleIT {

  private static final Path JAR = Paths.get("target/merc-dataflow.jar").toAbsolutePath();
  private static final String REDIS = System.getenv().getOrDefault("MERC_TEST_REDIS", "127.0.0.1:6379");
  private static final String NOOP =
      "--credentialFactoryClass=org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory";

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void loaderConsumerAndBatchReadGcsFromTheBundle() throws Exception {
    assertTrue("run after package: " + JAR, Files.isRegularFile(JAR));
    Path root = tmp.newFolder("gcs").toPath();
    Path prefix = Files.createDirectories(root.resolve("merc-bucket/samples"));
    int n = 0;
    try (Stream<Path> demo = Files.list(DataflowTemplateIT.demo())) {
      for (Path f : demo.filter(p -> p.toString().matches(".*\\.(exe|dll)$")).toList()) {
        Files.copy(f, prefix.resolve(f.getFileName()));
        n++;
      }
    }
    String queue = "merc-test:gcs-queue:" + UUID.randomUUID().toString().substring(0, 8);
    String queueDb = "jdbc:sqlite:" + tmp.getRoot().toPath().resolve("queue.db");
    String batchDb = "jdbc:sqlite:" + tmp.getRoot().toPath().resolve("batch.db");
    try (Jedis jedis = redis(); FakeGcs gcs = new FakeGcs(root)) {
      String endpoint = "--gcsEndpoint=" + gcs.endpoint();
      try {
        String loaded = run("loader", List.of("-cp", JAR.toString(), "dev.merc.pipeline.QueueLoader",
            "--input=gs://merc-bucket/samples/**", endpoint, NOOP, "--redisUrl=redis://" + REDIS,
            "--queueStream=" + queue));
        assertTrue(loaded, loaded.contains("queued " + n + " paths on " + queue));
        for (StreamEntry e : jedis.xrange(queue, (StreamEntryID) null, (StreamEntryID) null)) {
          assertTrue(e.toString(), e.getFields().get("path").startsWith("gs://merc-bucket/samples/"));
        }

        Path log = tmp.getRoot().toPath().resolve("consumer.log");
        Process consumer = new ProcessBuilder(java("-jar", JAR.toString(), "--runner=DirectRunner",
                "--queueStream=" + queue, "--queueClaimIdle=1m", "--redisUrl=redis://" + REDIS,
                "--jdbcUrl=" + queueDb, endpoint, NOOP))
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
          awaitDrained(jedis, queue, consumer, log, 120);
        } finally {
          consumer.destroy();
          if (!consumer.waitFor(20, TimeUnit.SECONDS)) {
            consumer.destroyForcibly();
          }
        }
      } finally {
        jedis.del(queue);
      }
      String batch = run("batch", List.of("-jar", JAR.toString(), "--runner=DirectRunner",
          "--input=gs://merc-bucket/samples/**", "--jdbcUrl=" + batchDb, endpoint, NOOP,
          "--progress=false"));
      assertTrue(batch, batch.contains("stored " + n + ", duplicates 0, failures 0"));
      assertEquals("fake GCS saw requests it does not serve", List.of(), gcs.unexpected);
    }
    List<String> fromQueue = rows(queueDb);
    assertEquals(n, fromQueue.stream().filter(r -> r.startsWith("sample_paths|")).count());
    assertEquals(rows(batchDb), fromQueue);
  }

  private static List<String> java(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-Xmx1g");
    cmd.addAll(List.of(args));
    return cmd;
  }

  private String run(String name, List<String> args) throws Exception {
    Path log = tmp.getRoot().toPath().resolve(name + ".log");
    Process p = new ProcessBuilder(java(args.toArray(String[]::new)))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(3, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail(name + " timed out:\n" + Files.readString(log));
    }
    String out = Files.readString(log);
    assertEquals(out, 0, p.exitValue());
    return out;
  }

  /** Until the group has been handed every entry and none is pending. */
  private static void awaitDrained(Jedis jedis, String queue, Process consumer, Path log,
      int seconds) throws Exception {
    StreamEntryID last = jedis.xrevrange(queue, (StreamEntryID) null, (StreamEntryID) null, 1)
        .get(0).getID();
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      List<StreamGroupInfo> groups = jedis.xinfoGroup(queue);
      if (!groups.isEmpty() && groups.get(0).getPending() == 0
          && last.equals(groups.get(0).getLastDeliveredId())) {
        return;
      }
      if (!consumer.isAlive()) {
        fail("the consumer exited:\n" + Files.readString(log));
      }
      Thread.sleep(500);
    }
    fail("queue not drained within " + seconds + " s:\n" + Files.readString(log));
  }

  /** Samples and paths as text, without the columns that record when. */
  private static List<String> rows(String url) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      for (String[] t : new String[][] {{"samples", "sha256"}, {"sample_paths", "sha256, path"},
          {"failures", "path"}}) {
        try (ResultSet rs = s.executeQuery("SELECT * FROM " + t[0] + " ORDER BY " + t[1])) {
          ResultSetMetaData md = rs.getMetaData();
          while (rs.next()) {
            StringBuilder row = new StringBuilder(t[0]);
            for (int i = 1; i <= md.getColumnCount(); i++) {
              String col = md.getColumnName(i);
              if (!col.equals("first_seen") && !col.equals("updated_at") && !col.equals("failed_at")) {
                row.append('|').append(col).append('=').append(rs.getString(i));
              }
            }
            rows.add(row.toString());
          }
        }
      }
    }
    return rows;
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
