package dev.merc.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.merc.schema.DataSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.beam.sdk.PipelineResult;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XClaimParams;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamGroupInfo;
import redis.clients.jedis.resps.StreamPendingEntry;

/**
 * Work-queue mode in-process against the real Redis: the loader queues the demo files, the
 * streaming consumer stores them, turns bad entries into failures rows, and leaves nothing pending.
 */
public class QueueModeTest {

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();
  @Rule public final Timeout timeout = Timeout.seconds(180);

  private Jedis jedis;
  private String queue;
  private String results;

  @Before
  public void connect() {
    jedis = TestRedis.connect();
    queue = TestRedis.uniqueKey("queue");
    results = TestRedis.uniqueKey("results");
  }

  @After
  public void cleanUp() {
    if (jedis != null) {
      jedis.del(queue, queue + ":dead", results);
      jedis.close();
    }
  }

  @Test
  public void processesEveryEntryAndAcknowledgesIt() throws Exception {
    Path demo = EndToEndTest.demo();
    long pe;
    try (Stream<Path> files = Files.list(demo)) {
      pe = files.filter(p -> p.toString().matches(".*\\.(exe|dll)$")).count();
    }
    MercRun.Loaded loaded = MercRun.load("--input=" + demo + "/*.exe," + demo + "/*.dll",
        "--redisUrl=" + TestRedis.url(), "--queueStream=" + queue);
    assertEquals(loaded.stderr(), 0, loaded.exitCode());
    assertTrue(loaded.stderr(), loaded.stderr().contains("queued " + pe + " paths on " + queue));
    jedis.xadd(queue, StreamEntryID.NEW_ENTRY, Map.of("path", demo + "/no-such-file.exe"));
    jedis.xadd(queue, StreamEntryID.NEW_ENTRY, Map.of("comment", "an entry without a path"));
    long total = pe + 2;

    String url = "jdbc:sqlite:" + tmp.getRoot().toPath().resolve("q.db");
    MercOptions options = MercMain.parse(new String[] {
      "--queueStream=" + queue, "--queueGroup=merc", "--queueClaimIdle=30s",
      "--redisUrl=" + TestRedis.url(), "--jdbcUrl=" + url, "--resultStream=" + results,
      "--blockOnRun=false"
    });
    PipelineResult run = MercPipeline.run(options);
    PublishedAfterCommit published = new PublishedAfterCommit(jedis, results, url, null);
    try {
      waitUntil(() -> published.poll() == total && acknowledged(queue, total), 120);
    } finally {
      run.cancel();
      DataSources.closeAll();
    }
    assertEquals("summaries published before their rows were committed", List.of(),
        published.early());
    assertEquals(pe, MercRun.count(url, null, "SELECT count(*) FROM samples"));
    assertEquals(pe, MercRun.count(url, null, "SELECT count(*) FROM sample_paths"));
    assertEquals(2, MercRun.count(url, null, "SELECT count(*) FROM failures WHERE stage = 'match'"));
    assertEquals(0, pending(jedis, queue));
    assertEquals(total, jedis.xlen(results));
  }

  @Test
  public void entryDeliveredTooOftenIsRecordedAndMovedToTheDeadStream() throws Exception {
    Path demo = EndToEndTest.demo();
    String poison = demo.resolve("hello64.exe").toString();
    String retried = demo.resolve("hello32.exe").toString();
    jedis.xgroupCreate(queue, "merc", new StreamEntryID(0, 0), true);
    StreamEntryID poisonId = jedis.xadd(queue, StreamEntryID.NEW_ENTRY, Map.of("path", poison));
    StreamEntryID retriedId = jedis.xadd(queue, StreamEntryID.NEW_ENTRY, Map.of("path", retried));
    // A consumer of some other job got both, and (as if it died on them each time) they were
    // delivered again and again: XCLAIM counts a delivery each time.
    jedis.xreadGroup("merc", "ghost", XReadGroupParams.xReadGroupParams().count(2),
        Map.of(queue, StreamEntryID.UNRECEIVED_ENTRY));
    for (int i = 0; i < 4; i++) {
      jedis.xclaim(queue, "merc", "ghost", 0, XClaimParams.xClaimParams(), poisonId);
    }
    for (int i = 0; i < 3; i++) {
      jedis.xclaim(queue, "merc", "ghost", 0, XClaimParams.xClaimParams(), retriedId);
    }
    assertEquals(Map.of(poisonId, 5L, retriedId, 4L), deliveries());

    String url = "jdbc:sqlite:" + tmp.getRoot().toPath().resolve("dead.db");
    MercOptions options = MercMain.parse(new String[] {
      "--queueStream=" + queue, "--queueGroup=merc", "--queueClaimIdle=1s",
      "--queueMaxDeliveries=5", "--redisUrl=" + TestRedis.url(), "--jdbcUrl=" + url,
      "--blockOnRun=false"
    });
    PipelineResult run = MercPipeline.run(options);
    try {
      waitUntil(() -> acknowledged(queue, 2), 120);
    } finally {
      run.cancel();
      DataSources.closeAll();
    }
    assertEquals("the entry below the limit is processed", 1,
        MercRun.count(url, null,
            "SELECT count(*) FROM sample_paths WHERE path = '" + retried + "'"));
    assertEquals(0, MercRun.count(url, null, "SELECT count(*) FROM sample_paths WHERE path = '"
        + poison + "'"));
    assertEquals(1, MercRun.count(url, null, "SELECT count(*) FROM failures WHERE path = '"
        + poison + "' AND stage = 'queue' AND error_class = 'TooManyDeliveries'"
        + " AND message LIKE '%" + poisonId + "%delivered 5 times%'"));
    List<StreamEntry> dead = jedis.xrange(queue + ":dead", (StreamEntryID) null,
        (StreamEntryID) null);
    assertEquals(1, dead.size());
    assertEquals(poison, dead.get(0).getFields().get("path"));
    assertEquals(poisonId.toString(), dead.get(0).getFields().get("queue_id"));
    assertTrue(dead.get(0).getFields().get("reason"),
        dead.get(0).getFields().get("reason").contains("--queueMaxDeliveries=5"));
    assertEquals(0, pending(jedis, queue));
  }

  /** Each pending entry's delivery count. */
  private Map<StreamEntryID, Long> deliveries() {
    Map<StreamEntryID, Long> counts = new HashMap<>();
    for (StreamPendingEntry e : jedis.xpending(queue, "merc",
        XPendingParams.xPendingParams().count(100))) {
      counts.put(e.getID(), e.getDeliveredTimes());
    }
    return counts;
  }

  @Test
  public void archivesAreQueuedOnceAndAcknowledgedAfterAllTheirEntries() throws Exception {
    Path demo = EndToEndTest.demo();
    Path src = tmp.newFolder("src").toPath();
    Path samples = Files.createDirectories(src.resolve("set/samples"));
    Files.copy(demo.resolve("hello64.exe"), samples.resolve("1"));
    Files.copy(demo.resolve("hello32.exe"), samples.resolve("2"));
    Files.copy(demo.resolve("beacon64.exe"), samples.resolve("3"));
    Files.writeString(samples.resolve("4"), "not a PE\n");
    Files.writeString(src.resolve("set/samples.csv"), "id,md5\n");
    Path dataset = SevenZip.aes(tmp.getRoot().toPath().resolve("dataset.7z"), src, "set",
        "infected");
    Path other = SevenZip.aes(tmp.getRoot().toPath().resolve("other.7z"), src, "set", "secret");
    String plain = demo.resolve("greeter64.dll").toString();

    MercRun.Loaded loaded = MercRun.load("--input=" + dataset + "," + other + "," + plain,
        "--redisUrl=" + TestRedis.url(), "--queueStream=" + queue);
    assertEquals(loaded.stderr(), 0, loaded.exitCode());
    List<StreamEntry> queued = jedis.xrange(queue, (StreamEntryID) null, (StreamEntryID) null);
    assertEquals("one entry per archive, not per archive entry", 3, queued.size());
    assertEquals(2, queued.stream()
        .filter(e -> "archive".equals(e.getFields().get("type"))).count());
    StreamEntryID datasetId = queued.stream()
        .filter(e -> dataset.toString().equals(e.getFields().get("path"))).findFirst()
        .orElseThrow().getID();
    // Paths as Merc stores them, e.g. re-queued from the failures table: one entry each.
    jedis.xadd(queue, StreamEntryID.NEW_ENTRY, Map.of("path", dataset + "!set/samples/2"));
    jedis.xadd(queue, StreamEntryID.NEW_ENTRY, Map.of("path", dataset + "!set/samples/9"));

    String url = "jdbc:sqlite:" + tmp.getRoot().toPath().resolve("archives.db");
    MercOptions options = MercMain.parse(new String[] {
      "--queueStream=" + queue, "--queueGroup=merc", "--queueClaimIdle=30s",
      "--archivePassword=infected", "--redisUrl=" + TestRedis.url(), "--jdbcUrl=" + url,
      "--blockOnRun=false"
    });
    PipelineResult run = MercPipeline.run(options);
    long entriesAtAck = -1;
    try {
      // The moment the archive's entry is acknowledged, all its entries must be committed.
      waitUntil(() -> jedis.xinfoGroup(queue).get(0).getLastDeliveredId().compareTo(datasetId) >= 0
          && jedis.xpending(queue, "merc", XPendingParams.xPendingParams().start(datasetId)
              .end(datasetId).count(1)).isEmpty(), 120);
      entriesAtAck = MercRun.count(url, null, "SELECT count(*) FROM sample_paths WHERE path LIKE '"
          + dataset + "!set/samples/_'");
      waitUntil(() -> acknowledged(queue, 5), 120);
    } finally {
      run.cancel();
      DataSources.closeAll();
    }
    assertEquals(4, entriesAtAck);
    assertEquals(4, MercRun.count(url, null, "SELECT count(*) FROM sample_paths WHERE path LIKE '"
        + dataset + "!set/samples/_'"));
    assertEquals(1, MercRun.count(url, null, "SELECT count(*) FROM sample_paths WHERE path = '"
        + plain + "'"));
    assertEquals(5, MercRun.count(url, null, "SELECT count(*) FROM samples"));
    assertEquals("the wrong password: one row for the archive", 1, MercRun.count(url, null,
        "SELECT count(*) FROM failures WHERE path = '" + other + "' AND stage = 'archive'"));
    assertEquals(1, MercRun.count(url, null, "SELECT count(*) FROM failures WHERE path = '"
        + dataset + "!set/samples/9' AND stage = 'match' AND error_class = 'NoSuchEntry'"));
    assertEquals(2, MercRun.count(url, null, "SELECT count(*) FROM failures"));
    assertEquals(0, pending(jedis, queue));
  }

  @Test
  public void inputAndQueueTogetherAreRejected() throws Exception {
    MercRun run = MercRun.of("--input=" + tmp.getRoot(), "--queueStream=" + queue,
        "--jdbcUrl=jdbc:sqlite:" + tmp.getRoot().toPath().resolve("q.db"));
    assertEquals(run.stderr, MercMain.EXIT_BAD_OPTION, run.exitCode);
    assertTrue(run.stderr, run.stderr.startsWith("merc: --input: cannot be combined"));
  }

  /** True once the group has read all entries and none is pending. */
  private boolean acknowledged(String stream, long total) {
    List<StreamGroupInfo> groups = jedis.xinfoGroup(stream);
    if (groups.isEmpty()) {
      return false;
    }
    StreamGroupInfo g = groups.get(0);
    return g.getPending() == 0 && g.getLastDeliveredId().equals(lastId(stream))
        && total == jedis.xlen(stream);
  }

  /** XPENDING's count; Jedis 4.0's XPENDING summary fails to parse an empty answer. */
  static long pending(Jedis jedis, String stream) {
    return jedis.xinfoGroup(stream).get(0).getPending();
  }

  private StreamEntryID lastId(String stream) {
    return jedis.xrevrange(stream, (StreamEntryID) null, (StreamEntryID) null, 1).get(0).getID();
  }

  static void waitUntil(Check check, int seconds) throws Exception {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (!check.done()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not done within " + seconds + " s");
      }
      Thread.sleep(200);
    }
  }

  interface Check {
    boolean done() throws Exception;
  }
}
