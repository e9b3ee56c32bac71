package dev.merc.core.fuzzy;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/** {@link SsdeepHasher} over {@link FuzzyInput}; MB/s = input bytes / 10^6 / (seconds per op). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SsdeepBenchmark {
    @Benchmark
    public void ssdeep(FuzzyInput in, Blackhole bh) {
        for (byte[] data : in.files) {
            SsdeepHasher h = new SsdeepHasher(data.length);
            for (int off = 0; off < data.length; off += in.chunk) {
                h.update(data, off, Math.min(in.chunk, data.length - off));
            }
            bh.consume(h.digest());
        }
    }

    /** Both fuzzy hashes sharing one pass, as the extractor runs them. */
    @Benchmark
    public void ssdeepAndTlsh(FuzzyInput in, Blackhole bh) {
        for (byte[] data : in.files) {
            SsdeepHasher s = new SsdeepHasher(data.length);
            TlshHasher t = new TlshHasher();
            for (int off = 0; off < data.length; off += in.chunk) {
                int n = Math.min(in.chunk, data.length - off);
                s.update(data, off, n);
                t.update(data, off, n);
            }
            bh.consume(s.digest());
            bh.consume(t.digest());
        }
    }
}
