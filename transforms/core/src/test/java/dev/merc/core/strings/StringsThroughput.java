package dev.merc.core.strings;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Prints {@link StringExtractor} throughput in MB/s (10^6 bytes per second, file reading excluded)
 * over every file of a folder, for several runs, then the median. The figure is per core: bytes
 * over the thread's CPU time, which stays meaningful on a shared machine; wall-clock MB/s is
 * printed beside it.
 *
 * <p>Usage: {@code java -cp ... dev.merc.core.strings.StringsThroughput <folder> [runs] [mode]},
 * mode one of {@code default} (default options), {@code uncapped} (every string an item),
 * {@code counts} (caps at 0: scan, count and tag, no items), {@code notags} (default options,
 * tagging off: the scan and item building alone) or {@code scan} (caps at 0, tagging off: the scan
 * and counting alone). A warm-up pass over the whole folder comes first.
 */
public final class StringsThroughput {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  public static void main(String[] args) throws IOException {
    Path folder = Path.of(args[0]);
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    String mode = args.length > 2 ? args[2] : "default";
    StringsOptions options =
        switch (mode) {
          case "uncapped" -> StringsOptions.uncapped(StringsOptions.DEFAULT_MIN_LENGTH);
          case "counts", "scan" -> new StringsOptions(StringsOptions.DEFAULT_MIN_LENGTH, 0, 0);
          case "default", "notags" -> StringsOptions.defaults();
          default -> throw new IllegalArgumentException("unknown mode " + mode);
        };
    boolean tag = !mode.equals("notags") && !mode.equals("scan");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    long sink = 0;
    for (Path file : files) { // warm-up: JIT compilation, page cache
      byte[] data = Files.readAllBytes(file);
      sink += StringExtractor.extract(data, data.length, options, tag).asciiCount();
    }
    double[] rates = new double[runs];
    for (int run = 0; run < runs; run++) {
      long bytes = 0;
      long nanos = 0;
      long cpuNanos = 0;
      long strings = 0;
      for (Path file : files) {
        byte[] data = Files.readAllBytes(file);
        long c0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        ExtractedStrings r = StringExtractor.extract(data, data.length, options, tag);
        nanos += System.nanoTime() - t0;
        cpuNanos += THREADS.getCurrentThreadCpuTime() - c0;
        bytes += data.length;
        strings += r.asciiCount() + r.utf16Count();
      }
      rates[run] = bytes / 1e6 / (cpuNanos / 1e9);
      System.out.printf(
          "run %d: %d files, %.1f MB, %d strings, %.0f ms CPU, %.1f MB/s per core (wall %.1f MB/s)%n",
          run + 1, files.size(), bytes / 1e6, strings, cpuNanos / 1e6, rates[run],
          bytes / 1e6 / (nanos / 1e9));
    }
    double[] sorted = rates.clone();
    Arrays.sort(sorted);
    System.out.printf(
        "median of %d runs: %.1f MB/s per core (mode %s, %s)%n", runs, sorted[runs / 2], mode, options);
    if (sink == 42) {
      System.out.println();
    }
  }
}
