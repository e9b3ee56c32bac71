package dev.merc.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.merc.schema.DataSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.apache.beam.sdk.PipelineResult;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

/**
 * --watch keeps listing a real folder: a file already stored is skipped as known, and files added
 * while Merc runs are stored within a poll interval or two.
 */
public class WatchTest {

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();
  @Rule public final Timeout timeout = Timeout.seconds(180);

  @Test
  public void storesFilesAddedWhileRunning() throws Exception {
    Path demo = EndToEndTest.demo();
    Path dir = tmp.newFolder("watched").toPath();
    Files.copy(demo.resolve("hello64.exe"), dir.resolve("hello64.exe"));
    String url = "jdbc:sqlite:" + tmp.getRoot().toPath().resolve("w.db");
    MercRun batch = MercRun.of("--input=" + dir, "--jdbcUrl=" + url, "--progress=false");
    assertEquals(batch.stderr, 0, batch.exitCode);

    MercOptions options = MercMain.parse(new String[] {
      "--input=" + dir, "--jdbcUrl=" + url, "--watch=1s", "--blockOnRun=false"
    });
    PipelineResult run = MercPipeline.run(options);
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
      assertTrue("stored within a few poll intervals: " + seconds, seconds < 15);
      RunCounts counts = RunCounts.of(run);
      assertEquals(2, counts.stored());
      assertEquals(1, counts.known());
      assertEquals(3, counts.matchedFiles());
    } finally {
      run.cancel();
      DataSources.closeAll();
    }
    assertEquals(3, MercRun.count(url, null, "SELECT count(*) FROM sample_paths"));
  }

  @Test
  public void badDurationIsOneLine() throws Exception {
    MercRun run = MercRun.of("--input=" + tmp.getRoot(), "--watch=soon",
        "--jdbcUrl=jdbc:sqlite:" + tmp.getRoot().toPath().resolve("w.db"));
    assertEquals(run.stderr, MercMain.EXIT_BAD_OPTION, run.exitCode);
    assertTrue(run.stderr, run.stderr.startsWith("merc: --watch: expected a duration"));
  }

  private static long samples(String url) {
    try {
      return MercRun.count(url, null, "SELECT count(*) FROM samples");
    } catch (SQLException busy) {
      return -1;
    }
  }
}
