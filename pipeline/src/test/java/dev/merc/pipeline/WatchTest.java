package dev.merc.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.merc.schema.DataSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;
import redis.clients.jedis.Jedis;

/**
 * --watch keeps listing a real folder: a file already stored is skipped as known, files added
 * while Merc runs are stored within two poll intervals (a file is taken once it has not changed
 * for one) and published only after they are committed, and a file still being written is not
 * read until it is complete.
 */
public class WatchTest {

  /** The poll interval of the latency check: long next to the DirectRunner's own delays. */
  private static final int POLL_SECONDS = 2;

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();
  @Rule public final Timeout timeout = Timeout.seconds(180);

  private Jedis jedis;
  private String results;

  @Before
  public void connect() {
    jedis = TestRedis.connect();
    results = TestRedis.uniqueKey("watch-results");
  }

  @After
  public void cleanUp() {
    if (jedis != null) {
      jedis.del(results);
      jedis.close();
    }
  }

  @Test
  public void storesFilesAddedWhileRunning() throws Exception {
    Path demo = EndToEndTest.demo();
    Path dir = tmp.newFolder("watched").toPath();
    Files.copy(demo.resolve("hello64.exe"), dir.resolve("hello64.exe"));
    String url = "jdbc:sqlite:" + tmp.getRoot().toPath().resolve("w.db");
    MercRun batch = MercRun.of("--input=" + dir, "--jdbcUrl=" + url, "--progress=false");
    assertEquals(batch.stderr, 0, batch.exitCode);

    PipelineResult run =
        MercPipeline.run(watch(dir, url, POLL_SECONDS, "--resultStream=" + results));
    PublishedAfterCommit published = new PublishedAfterCommit(jedis, results, url, null);
    try {
      // The file already stored is matched again on the first poll and skipped as known.
      QueueModeTest.waitUntil(() -> RunCounts.of(run).known() == 1, 60);
      Files.copy(demo.resolve("greeter64.dll"), dir.resolve("greeter64.dll"));
      Files.createDirectories(dir.resolve("later"));
      Files.copy(demo.resolve("hello32.exe"), dir.resolve("later/hello32.exe"));
      long added = System.nanoTime();
      QueueModeTest.waitUntil(() -> samples(url) == 3, 60);
      double seconds = (System.nanoTime() - added) / 1e9;
      System.err.println("new files stored " + seconds + " s after they were added");
      // Seen at the next poll, taken at the one after (unchanged), then extracted and committed
      // (about a second on the DirectRunner).
      assertTrue("stored within two poll intervals and the commit: " + seconds,
          seconds < 2 * POLL_SECONDS + 3);
      QueueModeTest.waitUntil(() -> published.poll() == 3, 30);
      RunCounts counts = RunCounts.of(run);
      assertEquals(2, counts.stored());
      assertEquals(1, counts.known());
      assertEquals(3, counts.matchedFiles());
    } finally {
      run.cancel();
      DataSources.closeAll();
    }
    assertEquals("summaries published before their rows were committed", List.of(),
        published.early());
    assertEquals(3, MercRun.count(url, null, "SELECT count(*) FROM sample_paths"));
  }

  @Test
  public void fileStillBeingWrittenIsTakenOnlyOnceComplete() throws Exception {
    Path dir = tmp.newFolder("drop").toPath();
    byte[] sample = Files.readAllBytes(EndToEndTest.demo().resolve("beacon64.exe"));
    String url = "jdbc:sqlite:" + tmp.getRoot().toPath().resolve("g.db");
    PipelineResult run = MercPipeline.run(watch(dir, url, 1));
    Path growing = dir.resolve("growing.exe");
    try {
      // Written slowly, as a download or a copy over a slow link: about four polls long.
      int chunks = 10;
      int chunk = (sample.length + chunks - 1) / chunks;
      for (int from = 0; from < sample.length; from += chunk) {
        byte[] part = Arrays.copyOfRange(sample, from, Math.min(sample.length, from + chunk));
        Files.write(growing, part, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Thread.sleep(400);
      }
      QueueModeTest.waitUntil(() -> samples(url) >= 1, 60);
      Thread.sleep(3000);  // a few more polls: nothing else may come
    } finally {
      run.cancel();
      DataSources.closeAll();
    }
    assertEquals("the whole file, read once", List.of(sha256(sample)),
        column(url, "SELECT sha256 FROM sample_paths WHERE path = '" + growing + "'"));
    assertEquals(1, MercRun.count(url, null, "SELECT count(*) FROM samples"));
  }

  @Test
  public void badDurationIsOneLine() throws Exception {
    MercRun run = MercRun.of("--input=" + tmp.getRoot(), "--watch=soon",
        "--jdbcUrl=jdbc:sqlite:" + tmp.getRoot().toPath().resolve("w.db"));
    assertEquals(run.stderr, MercMain.EXIT_BAD_OPTION, run.exitCode);
    assertTrue(run.stderr, run.stderr.startsWith("merc: --watch: expected a duration"));
  }

  private static MercOptions watch(Path dir, String url, int pollSeconds, String... more) {
    List<String> args = new ArrayList<>(List.of("--input=" + dir, "--jdbcUrl=" + url,
        "--watch=" + pollSeconds + "s", "--redisUrl=" + TestRedis.url(), "--blockOnRun=false"));
    args.addAll(List.of(more));
    return MercMain.parse(args.toArray(String[]::new));
  }

  private static long samples(String url) {
    try {
      return MercRun.count(url, null, "SELECT count(*) FROM samples");
    } catch (SQLException busy) {
      return -1;
    }
  }

  private static List<String> column(String url, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }
}
