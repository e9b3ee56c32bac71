package dev.merc.core.fuzzy;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Throughput of {@link SsdeepHasher} and {@link TlshHasher} over every file under a folder, fed in 64 KiB chunks
 * as the extractor pipeline does. Files are read into memory first, so disk speed is not measured.
 *
 * <pre>
 * java -Xmx2g -cp CLASSES dev.merc.core.fuzzy.FuzzyBench CORPUS [runs=3]
 * </pre>
 *
 * Prints MB/s (10^6 bytes per second) for one warm-up pass and each timed run, by wall-clock and by this thread's
 * CPU time (the latter is the fairer figure on a shared machine), then the medians of the runs. The C tools on the
 * same files, for comparison (they also read the files; take the user time):
 *
 * <pre>
 * /usr/bin/time -f '%e s wall, %U s user' ssdeep -s -r CORPUS &gt;/dev/null
 * /usr/bin/time -f '%e s wall, %U s user' tlsh -r CORPUS &gt;/dev/null
 * </pre>
 */
public final class FuzzyBench {
    private static final int CHUNK = 64 * 1024;

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<byte[]> files = new ArrayList<>();
        long total = 0;
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.filter(Files::isRegularFile).sorted()::iterator) {
                byte[] data = Files.readAllBytes(p);
                files.add(data);
                total += data.length;
            }
        }
        System.out.printf("%d files, %.1f MB, chunk %d bytes%n", files.size(), total / 1e6, CHUNK);
        measure("ssdeep", files, total, runs, data -> {
            SsdeepHasher h = new SsdeepHasher(data.length);
            for (int off = 0; off < data.length; off += CHUNK) {
                h.update(data, off, Math.min(CHUNK, data.length - off));
            }
            return h.digest().length();
        });
        measure("tlsh", files, total, runs, data -> {
            TlshHasher h = new TlshHasher();
            for (int off = 0; off < data.length; off += CHUNK) {
                h.update(data, off, Math.min(CHUNK, data.length - off));
            }
            String d = h.digest();
            return d == null ? 0 : d.length();
        });
        measure("ssdeep+tlsh", files, total, runs, data -> {
            SsdeepHasher s = new SsdeepHasher(data.length);
            TlshHasher t = new TlshHasher();
            for (int off = 0; off < data.length; off += CHUNK) {
                int n = Math.min(CHUNK, data.length - off);
                s.update(data, off, n);
                t.update(data, off, n);
            }
            String d = t.digest();
            return s.digest().length() + (d == null ? 0 : d.length());
        });
    }

    private interface Hash {
        int apply(byte[] data);
    }

    private static void measure(String name, List<byte[]> files, long total, int runs, Hash hash) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] wall = new double[runs + 1];
        double[] cpu = new double[runs + 1];
        long sink = 0;
        for (int r = 0; r <= runs; r++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (byte[] data : files) {
                sink += hash.apply(data);
            }
            wall[r] = total / 1e6 / ((System.nanoTime() - t0) / 1e9);
            cpu[r] = total / 1e6 / ((threads.getCurrentThreadCpuTime() - c0) / 1e9);
        }
        System.out.printf("%-12s warm-up %6.1f MB/s; runs (wall/cpu)", name, wall[0]);
        for (int r = 1; r <= runs; r++) {
            System.out.printf(" %6.1f/%6.1f", wall[r], cpu[r]);
        }
        System.out.printf("; median wall %6.1f, cpu %6.1f MB/s (check %d)%n", median(wall), median(cpu), sink);
    }

    /** Median of the timed runs (index 0 is the warm-up). */
    private static double median(double[] rates) {
        double[] timed = Arrays.copyOfRange(rates, 1, rates.length);
        Arrays.sort(timed);
        return timed[timed.length / 2];
    }
}
