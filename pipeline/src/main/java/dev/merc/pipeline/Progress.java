package dev.merc.pipeline;

import java.io.PrintStream;
import java.util.Locale;
import org.apache.beam.sdk.PipelineResult;

/** The live progress line and the closing summary, both from Beam metrics. */
final class Progress {

  private static final double MB = 1_000_000.0;

  private Progress() {}

  /** Redraws one stderr line every second until the pipeline ends; returns its final state. */
  static PipelineResult.State follow(PipelineResult result, long startNanos, PrintStream err)
      throws InterruptedException {
    boolean terminal = System.console() != null;
    long lastLine = 0;
    while (true) {
      PipelineResult.State state = result.waitUntilFinish(org.joda.time.Duration.millis(1000));
      if (state != null && state.isTerminal()) {
        if (terminal) {
          err.print("\r\033[K");
        }
        return state;
      }
      long now = System.nanoTime();
      // Without a terminal, a line every ten seconds keeps logs readable.
      if (terminal || now - lastLine >= 10_000_000_000L) {
        String line = line(RunCounts.of(result), seconds(startNanos, now));
        err.print(terminal ? "\r\033[K" + line : line + "\n");
        err.flush();
        lastLine = now;
      }
    }
  }

  static String line(RunCounts c, double seconds) {
    double rate = seconds > 0 ? c.doneBytes() / MB / seconds : 0;
    long left = Math.max(0, c.matchedBytes() - c.doneBytes());
    String eta = rate > 0 ? String.format(Locale.ROOT, "%.0fs", left / MB / rate) : "?";
    return String.format(
        Locale.ROOT,
        "merc: %d/%d files, %.1f MB/s, ETA %s (stored %d, known %d, failed %d)",
        c.doneFiles(), c.matchedFiles(), rate, eta, c.stored(), c.known(), c.failed());
  }

  static String summary(RunCounts c, double seconds) {
    return String.format(
        Locale.ROOT,
        "merc: files %d, bytes %d, stored %d, duplicates %d, failures %d, seconds %.1f, MB/s %.1f%s",
        c.matchedFiles(), c.matchedBytes(), c.stored(), c.known(), c.failed(), seconds,
        seconds > 0 ? c.doneBytes() / MB / seconds : 0.0,
        c.addsUp() ? "" : " (WARNING: stored + duplicates + failures != files)");
  }

  static double seconds(long startNanos, long nowNanos) {
    return (nowNanos - startNanos) / 1e9;
  }
}
