package dev.merc.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamGroupInfo;

/**
 * At-least-once delivery across a crash: N samples are queued, a consumer JVM is killed with
 * SIGKILL part-way, and a second one finishes the work, claiming what the first left pending.
 * Afterwards every sample is stored exactly once and the group has nothing pending.
 */
public class QueueCrashTest {

  private static final int SAMPLES = 40;
  /** Appended to each copy: distinct sha256s, and enough work that the kill lands part-way. */
  private static final int PADDING_BYTES = 512 * 1024;

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();
  @Rule public final Timeout timeout = Timeout.seconds(300);

  private Jedis jedis;
  private String queue;
  private final List<Process> consumers = new ArrayList<>();

  @Before
  public void connect() {
    jedis = TestRedis.connect();
    queue = TestRedis.uniqueKey("crash-queue");
  }

  @After
  public void cleanUp() throws InterruptedException {
    for (Process p : consumers) {
      p.destroyForcibly().waitFor();
    }
    if (jedis != null) {
      jedis.del(queue);
      jedis.close();
    }
  }

  @Test
  public void killedConsumerLosesNothingAndDuplicatesNothing() throws Exception {
    Path samples = samples();
    MercRun.Loaded loaded = MercRun.load(
        "--input=" + samples, "--redisUrl=" + TestRedis.url(), "--queueStream=" + queue);
    assertEquals(loaded.stderr(), 0, loaded.exitCode());
    assertEquals(SAMPLES, jedis.xlen(queue));
    String url = "jdbc:sqlite:" + tmp.getRoot().toPath().resolve("crash.db");

    Process first = consumer(url, "first");
    QueueModeTest.waitUntil(() -> stored(url) >= 1, 120);
    first.destroyForcibly().waitFor();  // SIGKILL: no shutdown hook, no cleanup
    long storedAtKill = stored(url);
    long pendingAtKill = group().getPending();
    System.err.println("killed the first consumer with " + storedAtKill + " of " + SAMPLES
        + " stored and " + pendingAtKill + " entries pending");
    assertTrue("the consumer finished before the kill; raise SAMPLES", storedAtKill < SAMPLES);

    Process second = consumer(url, "second");
    QueueModeTest.waitUntil(() -> stored(url) == SAMPLES && allAcknowledged(), 180);
    second.destroyForcibly().waitFor();

    assertEquals(SAMPLES, MercRun.count(url, null, "SELECT count(*) FROM samples"));
    assertEquals(SAMPLES, MercRun.count(url, null, "SELECT count(*) FROM sample_paths"));
    assertEquals(0, MercRun.count(url, null, "SELECT count(*) FROM failures"));
    assertEquals(0, group().getPending());
    if (pendingAtKill > 0) {
      String log = Files.readString(tmp.getRoot().toPath().resolve("second.log"));
      assertTrue("the second consumer claimed the first one's entries:\n" + log,
          log.contains("claimed"));
    }
  }

  /** The demo PE files, then copies of them with different padding, SAMPLES files in all. */
  private Path samples() throws IOException {
    Path dir = tmp.newFolder("samples").toPath();
    Path demo = EndToEndTest.demo();
    List<Path> originals = new ArrayList<>();
    try (var files = Files.list(demo)) {
      files.filter(p -> p.toString().matches(".*\\.(exe|dll)$")).sorted().forEach(originals::add);
    }
    Random random = new Random(7);
    for (int i = 0; i < SAMPLES; i++) {
      Path original = originals.get(i % originals.size());
      byte[] body = Files.readAllBytes(original);
      byte[] padding = new byte[PADDING_BYTES];
      random.nextBytes(padding);
      Path copy = dir.resolve(i + "-" + original.getFileName());
      Files.write(copy, body);
      Files.write(copy, padding, java.nio.file.StandardOpenOption.APPEND);
    }
    return dir;
  }

  private Process consumer(String url, String name) throws IOException {
    String classpath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    File log = tmp.getRoot().toPath().resolve(name + ".log").toFile();
    Process p = new ProcessBuilder(
            java, "-Xmx1g", "-cp", classpath, MercMain.class.getName(),
            "--queueStream=" + queue, "--queueGroup=merc", "--queueClaimIdle=2s",
            "--redisUrl=" + TestRedis.url(), "--jdbcUrl=" + url, "--progress=false")
        .redirectErrorStream(true)
        .redirectOutput(log)
        .start();
    consumers.add(p);
    return p;
  }

  private long stored(String url) {
    try {
      return MercRun.count(url, null, "SELECT count(*) FROM samples");
    } catch (SQLException notYet) {
      return 0;  // the schema is created when the consumer starts
    }
  }

  private StreamGroupInfo group() {
    return jedis.xinfoGroup(queue).get(0);
  }

  private boolean allAcknowledged() {
    StreamGroupInfo g = group();
    StreamEntryID last =
        jedis.xrevrange(queue, (StreamEntryID) null, (StreamEntryID) null, 1).get(0).getID();
    return g.getPending() == 0 && g.getLastDeliveredId().equals(last);
  }
}
