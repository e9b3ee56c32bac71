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

/** {@link TlshHasher} over {@link FuzzyInput}; MB/s = input bytes / 10^6 / (seconds per op). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TlshBenchmark {
    @Benchmark
    public void tlsh(FuzzyInput in, Blackhole bh) {
        for (byte[] data : in.files) {
            TlshHasher h = new TlshHasher();
            for (int off = 0; off < data.length; off += in.chunk) {
                h.update(data, off, Math.min(in.chunk, data.length - off));
            }
            bh.consume(h.digest());
        }
    }

    /** Digest-to-digest distance, for sizing similarity searches. */
    @Benchmark
    public int distance(DistanceInput in) {
        int total = 0;
        for (int i = 1; i < in.digests.length; i++) {
            total += Tlsh.distance(in.digests[i - 1], in.digests[i]);
        }
        return total;
    }

    @org.openjdk.jmh.annotations.State(org.openjdk.jmh.annotations.Scope.Benchmark)
    public static class DistanceInput {
        String[] digests;

        @org.openjdk.jmh.annotations.Setup
        public void make() {
            java.util.Random rnd = new java.util.Random(7);
            digests = new String[1000];
            for (int i = 0; i < digests.length; i++) {
                byte[] b = new byte[2000];
                rnd.nextBytes(b);
                digests[i] = Tlsh.hash(b, b.length);
            }
        }
    }
}
