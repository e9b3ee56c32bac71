package dev.merc.core.pe;

import dev.merc.core.extract.Digests;
import dev.merc.core.extract.ExtractionSettings;
import dev.merc.core.extract.SampleBytes;
import dev.merc.core.extract.SampleExtractor;
import dev.merc.core.record.SampleRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Seeded mutation fuzzing of PeParser. Input i is seed file (i mod seeds) mutated by Random(i), so
 * any failure is replayed from its number alone.
 *
 * <p>Usage: java -cp ... dev.merc.core.pe.PeFuzz COUNT [CORPUS_DIR] [TIMEOUT_MS] [FIRST]
 * (bench/fuzz.sh runs it from the build).
 * Prints inputs run, files/s, and every uncaught throwable or hang with the input number.
 * With -Dpe.fuzz.write=DIR it also writes each input as DIR/input-N, so that PeDump and
 * bench/compare-pefile.py can check agreement with pefile on malformed files.
 */
public final class PeFuzz {
    private static final long[] INTERESTING = {0, 1, 2, 0x10, 0x200, 0x1000, 0x7FFF, 0x8000, 0xFFFF, 0x10000,
        0x7FFFFFFFL, 0x80000000L, 0xFFFFFFFFL, 0xFFFFFFFEL, 0x80000001L};

    record Failure(long input, String seed, String what) {
    }

    record Stats(long inputs, List<Failure> failures, double seconds) {
    }

    private PeFuzz() {
    }

    /** Seeds built in the test tree: both widths, with imports, exports, resources and TLS in place. */
    static List<byte[]> builtInSeeds() {
        List<byte[]> out = new ArrayList<>();
        for (PeBuilder b : List.of(PeBuilder.pe32(), PeBuilder.pe32Plus())) {
            b.imports(new String[] {"KERNEL32.dll", "ws2_32.dll"}, new String[][] {{"A", "B", "#4"}, {"#1"}});
            PeParserTest.dirHeader(b, 0x2C00, 1);
            PeParserTest.entry(b, 0x2C10, 3, 0x80000000L | 0x20);
            PeParserTest.dirHeader(b, 0x2C20, 1);
            PeParserTest.entry(b, 0x2C30, 1, 0x80000000L | 0x40);
            PeParserTest.dirHeader(b, 0x2C40, 1);
            PeParserTest.entry(b, 0x2C50, 0x409, 0x60);
            b.u32(PeBuilder.off(0x2C60), 0x2D00).u32(PeBuilder.off(0x2C64), 0x40);
            b.dir(PeParser.DIR_RESOURCE, 0x2C00, 0x200);
            int e = PeBuilder.off(0x2E00);
            b.u32(e + 16, 1).u32(e + 20, 2).u32(e + 24, 1).u32(e + 28, 0x2E40).u32(e + 32, 0x2E50).u32(e + 36, 0x2E60);
            b.u32(PeBuilder.off(0x2E40), 0x1000).u32(PeBuilder.off(0x2E44), 0x2E10);
            b.u32(PeBuilder.off(0x2E50), 0x2E70).ascii(0x2E70, "Exp").ascii(0x2E10, "X.Y");
            b.dir(PeParser.DIR_EXPORT, 0x2E00, 0x100);
            b.dir(PeParser.DIR_TLS, 0x2F00, 40);
            b.dir(PeParser.DIR_DEBUG, 0x2F80, 28);
            out.add(b.build());
        }
        return out;
    }

    static byte[] mutate(byte[] seed, Random rnd) {
        byte[] f = seed.clone();
        int n = 1 + rnd.nextInt(8);
        for (int k = 0; k < n && f.length > 4; k++) {
            // Most structure lives in the first 0x400 bytes; aim there half the time.
            int limit = rnd.nextBoolean() ? Math.min(f.length, 0x400) : f.length;
            int at = rnd.nextInt(limit);
            switch (rnd.nextInt(6)) {
                case 0 -> f[at] = (byte) rnd.nextInt(256);
                case 1, 2 -> {
                    long v = rnd.nextInt(3) == 0 ? rnd.nextInt(f.length + 0x100) : INTERESTING[rnd.nextInt(INTERESTING.length)];
                    for (int i = 0; i < 4 && at + i < f.length; i++) {
                        f[at + i] = (byte) (v >> (8 * i));
                    }
                }
                case 3 -> f = Arrays.copyOf(f, Math.max(1, rnd.nextInt(f.length)));
                case 4 -> {
                    int from = rnd.nextInt(f.length);
                    int len = Math.min(rnd.nextInt(64), Math.min(f.length - from, f.length - at));
                    System.arraycopy(f, from, f, at, len);
                }
                default -> f[at] ^= (byte) (1 << rnd.nextInt(8));
            }
        }
        return f;
    }

    /**
     * With -Dmerc.fuzz.target=sample the whole per-sample extraction runs (file type, fuzzy hashes,
     * strings, PE): it records a stage's exception as the record's error, so any error fails.
     */
    private static final boolean WHOLE_SAMPLE = "sample".equals(System.getProperty("merc.fuzz.target"));

    private static void target(byte[] input) {
        if (!WHOLE_SAMPLE) {
            PeParser.parse(input, input.length, PeLimits.defaults());
            return;
        }
        SampleBytes bytes = new SampleBytes(input, input.length);
        SampleRecord r = SampleExtractor.extract(
                bytes, Digests.sha256(input, input.length), "fuzz", ExtractionSettings.defaults());
        if (r.error() != null) {
            throw new IllegalStateException("stage failed: " + r.error());
        }
    }

    static Stats run(List<byte[]> seeds, List<String> names, long first, long count, long timeoutMs) {
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "pe-fuzz");
            t.setDaemon(true);
            return t;
        });
        List<Failure> failures = new ArrayList<>();
        long start = System.nanoTime();
        long done = 0;
        try {
            for (long i = first; i < first + count; i++) {
                int s = (int) (i % seeds.size());
                byte[] input = mutate(seeds.get(s), new Random(i));
                write(i, input);
                Future<?> f = worker.submit(() -> target(input));
                try {
                    f.get(timeoutMs, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    failures.add(new Failure(i, names.get(s), "hang > " + timeoutMs + " ms"));
                    f.cancel(true);
                    // A hung worker cannot be stopped; continue on a fresh one.
                    worker = Executors.newSingleThreadExecutor(r -> {
                        Thread t = new Thread(r, "pe-fuzz");
                        t.setDaemon(true);
                        return t;
                    });
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(new Failure(i, names.get(s), String.valueOf(e.getCause())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                done++;
            }
        } finally {
            worker.shutdownNow();
        }
        return new Stats(done, failures, (System.nanoTime() - start) / 1e9);
    }

    private static void write(long i, byte[] input) {
        String dir = System.getProperty("pe.fuzz.write");
        if (dir != null) {
            try {
                Files.write(Path.of(dir, "input-" + i), input);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    public static void main(String[] args) throws IOException {
        long count = Long.parseLong(args[0]);
        long timeout = args.length > 2 ? Long.parseLong(args[2]) : 5000;
        long first = args.length > 3 ? Long.parseLong(args[3]) : 0;
        List<byte[]> seeds = new ArrayList<>(builtInSeeds());
        List<String> names = new ArrayList<>(List.of("builtin-pe32", "builtin-pe32plus"));
        if (args.length > 1) {
            try (Stream<Path> s = Files.walk(Path.of(args[1]))) {
                for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                    if (Files.size(p) <= (4 << 20)) {
                        seeds.add(Files.readAllBytes(p));
                        names.add(p.toString());
                    }
                }
            }
        }
        Stats st = run(seeds, names, first, count, timeout);
        System.out.printf("inputs run: %d (seeds %d) in %.1f s, %.0f inputs/s, failures: %d%n", st.inputs(),
                seeds.size(), st.seconds(), st.inputs() / st.seconds(), st.failures().size());
        for (Failure f : st.failures()) {
            System.out.println("FAIL input=" + f.input() + " seed=" + f.seed() + " " + f.what());
        }
    }
}
