package dev.merc.core.strings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link StringExtractor} over a folder of real files (system property {@code merc.corpus},
 * default /work/corpus), at most {@code merc.corpus.mb} MB of it (default 128). One operation is
 * one pass over every loaded file: MB/s = (loaded MB printed at setup) / (ms per op) * 1000.
 *
 * <p>{@code tag=false} isolates the scan and item building; {@code caps=counts} sets both caps to
 * 0 so only counting and tagging remain.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StringExtractorBenchmark {

  @Param({"true", "false"})
  public boolean tag;

  @Param({"default", "counts"})
  public String caps;

  private final List<byte[]> files = new ArrayList<>();
  private StringsOptions options;

  @Setup(Level.Trial)
  public void load() throws IOException {
    Path folder = Path.of(System.getProperty("merc.corpus", "/work/corpus"));
    long budget = Long.getLong("merc.corpus.mb", 128L) << 20;
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(folder)) {
      paths = walk.filter(Files::isRegularFile).sorted().toList();
    }
    long loaded = 0;
    for (Path p : paths) {
      long size = Files.size(p);
      if (loaded + size > budget) {
        continue;
      }
      try {
        files.add(Files.readAllBytes(p));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      loaded += size;
    }
    options =
        caps.equals("counts")
            ? new StringsOptions(StringsOptions.DEFAULT_MIN_LENGTH, 0, 0)
            : StringsOptions.defaults();
    System.out.printf("%nloaded %d files, %.1f MB%n", files.size(), loaded / 1e6);
  }

  @Benchmark
  public void extractAll(Blackhole bh) {
    for (byte[] data : files) {
      bh.consume(StringExtractor.extract(data, data.length, options, tag));
    }
  }
}
