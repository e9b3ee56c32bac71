package dev.merc.bench;

import dev.merc.core.extract.ByteEntropyHistogram;
import dev.merc.core.extract.Digests;
import dev.merc.core.extract.ExtractionSettings;
import dev.merc.core.extract.SampleBytes;
import dev.merc.core.extract.SampleExtractor;
import dev.merc.core.extract.SamplePass;
import dev.merc.core.fuzzy.Ssdeep;
import dev.merc.core.fuzzy.Tlsh;
import dev.merc.core.magic.FileTypes;
import dev.merc.core.pe.PeLimits;
import dev.merc.core.pe.PeParser;
import dev.merc.core.strings.StringExtractor;
import dev.merc.core.strings.StringsOptions;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One operation runs an extractor over every file of the {@link Corpus}, on one thread, so that
 * MB/s = corpus bytes / time per operation is the per-core throughput. {@link #sample} is the
 * whole per-sample work after reading: both passes, file type, strings and the PE parse.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class ExtractorBenchmarks {

  private static final StringsOptions STRINGS = StringsOptions.defaults();
  private static final ExtractionSettings SETTINGS = ExtractionSettings.defaults();
  private static final PeLimits PE = PeLimits.defaults();

  @Benchmark
  public void digests(Corpus c, Blackhole bh) {
    for (byte[] f : c.files) {
      bh.consume(Digests.of(f, f.length));
    }
  }

  @Benchmark
  public void ssdeep(Corpus c, Blackhole bh) {
    for (byte[] f : c.files) {
      bh.consume(Ssdeep.hash(f, f.length));
    }
  }

  @Benchmark
  public void tlsh(Corpus c, Blackhole bh) {
    for (byte[] f : c.files) {
      bh.consume(Tlsh.hash(f, f.length));
    }
  }

  @Benchmark
  public void strings(Corpus c, Blackhole bh) {
    for (byte[] f : c.files) {
      bh.consume(StringExtractor.extract(f, f.length, STRINGS));
    }
  }

  @Benchmark
  public void byteEntropyHistogram(Corpus c, Blackhole bh) {
    for (byte[] f : c.files) {
      bh.consume(ByteEntropyHistogram.of(f, f.length));
    }
  }

  @Benchmark
  public void fileType(Corpus c, Blackhole bh) {
    for (byte[] f : c.files) {
      bh.consume(FileTypes.identify(f, f.length));
    }
  }

  @Benchmark
  public void peParse(Corpus c, Blackhole bh) {
    for (byte[] f : c.files) {
      bh.consume(PeParser.parse(f, f.length, PE));
    }
  }

  @Benchmark
  public void combinedPass(Corpus c, Blackhole bh) {
    for (byte[] f : c.files) {
      bh.consume(SamplePass.run(f, f.length, STRINGS));
    }
  }

  @Benchmark
  public void sample(Corpus c, Blackhole bh) {
    for (byte[] f : c.files) {
      String sha256 = Digests.sha256(f, f.length);
      bh.consume(SampleExtractor.extract(new SampleBytes(f, f.length), sha256, "bench", SETTINGS));
    }
  }
}
