package dev.merc.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * A batch run with --resultStream publishes one summary per input to the real Redis: stored
 * samples with their fields, failures with their stage, and on a rerun the known samples.
 */
public class ResultStreamTest {

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private Jedis jedis;
  private String stream;

  @Before
  public void connect() {
    jedis = TestRedis.connect();
    stream = TestRedis.uniqueKey("results");
  }

  @After
  public void cleanUp() {
    if (jedis != null) {
      jedis.del(stream);
      jedis.close();
    }
  }

  @Test
  public void publishesStoredKnownAndFailed() throws Exception {
    Path dir = tmp.newFolder("in").toPath();
    Path demo = EndToEndTest.demo();
    Files.copy(demo.resolve("hello64.exe"), dir.resolve("hello64.exe"));
    Files.copy(demo.resolve("greeter64.dll"), dir.resolve("greeter64.dll"));
    Files.writeString(dir.resolve("notes.txt"), "not a PE\n");
    Files.createSymbolicLink(dir.resolve("unreadable.exe"), Paths.get("/proc/self/mem"));
    String[] args = {
      "--input=" + dir, "--jdbcUrl=jdbc:sqlite:" + tmp.getRoot().toPath().resolve("m.db"),
      "--progress=false", "--redisUrl=" + TestRedis.url(), "--resultStream=" + stream,
      "--resultStreamMaxLen=1000"
    };

    MercRun first = MercRun.of(args);
    assertEquals(first.stderr, 0, first.exitCode);
    Map<String, Map<String, String>> byPath = entries();
    assertEquals(byPath.toString(), 4, byPath.size());

    Map<String, String> exe = byPath.get(dir.resolve("hello64.exe").toString());
    assertEquals("stored", exe.get("status"));
    assertEquals(64, exe.get("sha256").length());
    assertEquals(Long.toString(Files.size(dir.resolve("hello64.exe"))), exe.get("size"));
    assertTrue(exe.get("magic"), exe.get("magic").startsWith("PE32+ executable"));
    assertEquals(32, exe.get("imphash").length());
    assertFalse(exe.containsKey("error_stage"));

    Map<String, String> text = byPath.get(dir.resolve("notes.txt").toString());
    assertEquals("stored", text.get("status"));
    assertFalse("no PE, so no imphash: " + text, text.containsKey("imphash"));

    Map<String, String> failed = byPath.get(dir.resolve("unreadable.exe").toString());
    assertEquals("failed", failed.get("status"));
    assertEquals("read", failed.get("error_stage"));
    assertNotNull(failed.get("error_message"));
    assertFalse(failed.containsKey("sha256"));

    MercRun second = MercRun.of(args);
    assertEquals(second.stderr, 0, second.exitCode);
    List<StreamEntry> all = jedis.xrange(stream, (StreamEntryID) null, (StreamEntryID) null);
    assertEquals(8, all.size());
    Map<String, Long> statuses =
        all.subList(4, 8).stream()
            .collect(Collectors.groupingBy(e -> e.getFields().get("status"), Collectors.counting()));
    assertEquals(Map.of("known", 3L, "failed", 1L), statuses);
    // A known sample's summary carries the size read now and the stored magic and imphash.
    Map<String, String> knownExe = all.subList(4, 8).stream().map(StreamEntry::getFields)
        .filter(f -> f.get("path").equals(dir.resolve("hello64.exe").toString()))
        .findFirst().orElseThrow();
    assertEquals("known", knownExe.get("status"));
    assertEquals(exe.get("sha256"), knownExe.get("sha256"));
    assertEquals(exe.get("size"), knownExe.get("size"));
    assertEquals(exe.get("magic"), knownExe.get("magic"));
    assertEquals(exe.get("imphash"), knownExe.get("imphash"));
  }

  @Test
  public void trimsToAboutMaxLen() throws Exception {
    Path dir = tmp.newFolder("many").toPath();
    int files = 400;
    for (int i = 0; i < files; i++) {
      Files.writeString(dir.resolve("note-" + i + ".txt"), "note " + i + "\n");
    }
    MercRun run = MercRun.of("--input=" + dir, "--progress=false",
        "--jdbcUrl=jdbc:sqlite:" + tmp.getRoot().toPath().resolve("m.db"),
        "--redisUrl=" + TestRedis.url(), "--resultStream=" + stream, "--resultStreamMaxLen=50");
    assertEquals(run.stderr, 0, run.exitCode);
    long length = jedis.xlen(stream);
    // MAXLEN ~ 50 trims whole radix-tree nodes (100 entries each by default): never below 50,
    // and far below the 400 added.
    assertTrue("length " + length, length >= 50 && length < files / 2);
  }

  @Test
  public void badRedisUrlIsOneLine() throws Exception {
    Path f = tmp.newFile("a.exe").toPath();
    MercRun run = MercRun.of("--input=" + f, "--resultStream=" + stream,
        "--jdbcUrl=jdbc:sqlite:" + tmp.getRoot().toPath().resolve("m.db"),
        "--redisUrl=redis://127.0.0.1:1");
    assertEquals(run.stderr, MercMain.EXIT_BAD_OPTION, run.exitCode);
    assertTrue(run.stderr, run.stderr.strip().startsWith("merc: --redisUrl: cannot connect"));
  }

  private Map<String, Map<String, String>> entries() {
    return jedis.xrange(stream, (StreamEntryID) null, (StreamEntryID) null).stream()
        .collect(Collectors.toMap(e -> e.getFields().get("path"), StreamEntry::getFields));
  }
}
