package dev.merc.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.merc.schema.TestDatabases;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamGroupInfo;
import redis.clients.jedis.resps.StreamPendingEntry;

/**
 * At-least-once delivery across a crash, into SQLite and into Postgres: N samples are queued, a
 * consumer JVM is killed with SIGKILL while it holds entries unacknowledged, and a second one
 * finishes the work, claiming what the first left pending. At the kill, every entry already
 * acknowledged must have its rows committed (acknowledgement after the commit); afterwards every
 * sample is stored exactly once and the group has nothing pending.
 */
public class QueueCrashTest {

  private static final int SAMPLES = 40;
  /** Appended to each copy: distinct sha256s, and enough work that the kill lands part-way. */
  private static final int PADDING_BYTES = 512 * 1024;
  /** Few entries in flight, so that entries are pending all along, not only at the start. */
  private static final int MAX_IN_FLIGHT = 8;
  /** A kill that lands with nothing pending or nothing acknowledged yet proves little: retry. */
  private static final int ATTEMPTS = 3;

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();
  @Rule public final Timeout timeout = Timeout.seconds(600);

  private Jedis jedis;
  private final List<String> queues = new ArrayList<>();
  private final List<Process> consumers = new ArrayList<>();

  @Before
  public void connect() {
    jedis = TestRedis.connect();
  }

  @After
  public void cleanUp() throws InterruptedException {
    for (Process p : consumers) {
      p.destroyForcibly().waitFor();
    }
    if (jedis != null) {
      for (String queue : queues) {
        jedis.del(queue, queue + ":dead");
      }
      jedis.close();
    }
  }

  @Test
  public void sqlite() throws Exception {
    Path samples = samples();
    for (int attempt = 1; ; attempt++) {
      String url = "jdbc:sqlite:" + tmp.getRoot().toPath().resolve("crash-" + attempt + ".db");
      if (killedMidWork(samples, url, null, attempt)) {
        return;
      }
    }
  }

  @Test
  public void postgres() throws Exception {
    Path samples = samples();
    for (int attempt = 1; ; attempt++) {
      try (TestDatabases.TestDatabase db = TestDatabases.postgres()) {
        if (killedMidWork(samples, db.config().jdbcUrl(), db.config().username(), attempt)) {
          return;
        }
      }
    }
  }

  /**
   * One run of the scenario. Returns false (to try again) when the kill came too early or too
   * late to prove anything: nothing acknowledged yet, or nothing pending any more.
   */
  private boolean killedMidWork(Path samples, String url, String user, int attempt)
      throws Exception {
    String queue = TestRedis.uniqueKey("crash-queue");
    queues.add(queue);
    MercRun.Loaded loaded = MercRun.load(
        "--input=" + samples, "--redisUrl=" + TestRedis.url(), "--queueStream=" + queue);
    assertEquals(loaded.stderr(), 0, loaded.exitCode());
    assertEquals(SAMPLES, jedis.xlen(queue));

    Process first = consumer(queue, url, user, "first-" + attempt);
    QueueModeTest.waitUntil(() -> {
      Progress p = progress(queue);
      return p.acked().size() >= 1 && p.pending().size() >= 1;
    }, 120);
    first.destroyForcibly().waitFor();  // SIGKILL: no shutdown hook, no cleanup
    Progress atKill = progress(queue);
    Set<String> committed = committedPaths(url, user);
    System.err.println("attempt " + attempt + ": killed the first consumer with "
        + atKill.acked().size() + " entries acknowledged, " + atKill.pending().size()
        + " pending, " + committed.size() + " paths committed, of " + SAMPLES);
    if (atKill.acked().isEmpty() || atKill.pending().isEmpty()) {
      assertTrue("the kill never landed mid-work in " + ATTEMPTS + " attempts", attempt < ATTEMPTS);
      return false;
    }
    for (Map.Entry<String, String> acked : atKill.acked().entrySet()) {
      assertTrue("entry " + acked.getKey() + " was acknowledged before its rows were committed: "
          + acked.getValue(), committed.contains(acked.getValue()));
    }

    Process second = consumer(queue, url, user, "second-" + attempt);
    QueueModeTest.waitUntil(() -> stored(url, user) == SAMPLES && allAcknowledged(queue), 180);
    second.destroyForcibly().waitFor();

    assertEquals(SAMPLES, MercRun.count(url, user, "SELECT count(*) FROM samples"));
    assertEquals(SAMPLES, MercRun.count(url, user, "SELECT count(*) FROM sample_paths"));
    assertEquals(0, MercRun.count(url, user, "SELECT count(*) FROM failures"));
    assertEquals(0, QueueModeTest.pending(jedis, queue));
    String log = Files.readString(tmp.getRoot().toPath().resolve("second-" + attempt + ".log"));
    assertTrue("the second consumer claimed the first one's entries:\n" + log,
        log.contains("claimed"));
    return true;
  }

  /**
   * The group's state: entries delivered and still pending, and those delivered and no longer
   * pending, i.e. acknowledged (id to path). One consumer reads in stream order, so the delivered
   * entries are those up to the group's last-delivered id.
   */
  record Progress(Map<String, String> acked, Set<String> pending) {}

  private Progress progress(String queue) {
    List<StreamGroupInfo> groups = jedis.xinfoGroup(queue);
    if (groups.isEmpty()) {
      return new Progress(Map.of(), Set.of());
    }
    StreamEntryID last = groups.get(0).getLastDeliveredId();
    Set<String> pending = new HashSet<>();
    for (StreamPendingEntry e : jedis.xpending(queue, "merc",
        XPendingParams.xPendingParams().count(10 * SAMPLES))) {
      pending.add(e.getID().toString());
    }
    Map<String, String> acked = new HashMap<>();
    if (last.getTime() > 0 || last.getSequence() > 0) {
      for (StreamEntry e : jedis.xrange(queue, (StreamEntryID) null, last)) {
        if (!pending.contains(e.getID().toString())) {
          acked.put(e.getID().toString(), e.getFields().get("path"));
        }
      }
    }
    return new Progress(acked, pending);
  }

  /** Every path with a committed row: stored (sample_paths) or failed (failures). */
  private static Set<String> committedPaths(String url, String user) throws SQLException {
    Set<String> paths = new HashSet<>();
    try (Connection c = DriverManager.getConnection(url, user, null);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT path FROM sample_paths UNION SELECT path FROM failures")) {
      while (rs.next()) {
        paths.add(rs.getString(1));
      }
    } catch (SQLException notYet) {
      // No schema yet: nothing committed.
    }
    return paths;
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

  private Process consumer(String queue, String url, String user, String name)
      throws IOException {
    String classpath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    File log = tmp.getRoot().toPath().resolve(name + ".log").toFile();
    List<String> command = new ArrayList<>(List.of(
        java, "-Xmx1g", "-cp", classpath, MercMain.class.getName(),
        "--queueStream=" + queue, "--queueGroup=merc", "--queueClaimIdle=2s",
        "--queueMaxInFlight=" + MAX_IN_FLIGHT, "--redisUrl=" + TestRedis.url(),
        "--jdbcUrl=" + url, "--progress=false"));
    if (user != null) {
      command.add("--jdbcUsername=" + user);
    }
    Process p = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log)
        .start();
    consumers.add(p);
    return p;
  }

  private long stored(String url, String user) {
    try {
      return MercRun.count(url, user, "SELECT count(*) FROM samples");
    } catch (SQLException notYet) {
      return 0;  // the schema is created when the consumer starts
    }
  }

  private boolean allAcknowledged(String queue) {
    StreamGroupInfo g = jedis.xinfoGroup(queue).get(0);
    StreamEntryID last =
        jedis.xrevrange(queue, (StreamEntryID) null, (StreamEntryID) null, 1).get(0).getID();
    return g.getPending() == 0 && g.getLastDeliveredId().equals(last);
  }
}
