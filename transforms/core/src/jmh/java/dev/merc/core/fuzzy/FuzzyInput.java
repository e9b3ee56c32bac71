package dev.merc.core.fuzzy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The bytes the fuzzy-hash benchmarks hash per operation: the first {@code megabytes} MB of the files under
 * {@code dir} (sorted by path), or, when that folder does not exist, the same amount of generated data (half random,
 * half sparse). Throughput in MB/s is {@link #bytes} / 10^6 divided by the reported seconds per operation.
 *
 * <p>By hand, without the build (jmh-core, jopt-simple, commons-math3 and jmh-generator-annprocess 1.37 in JCP):
 * <pre>
 * cd transforms/core/src
 * javac --release 17 -d /tmp/jmh -cp "$JCP" -processorpath "$JCP" \
 *     main/java/dev/merc/core/fuzzy/*.java jmh/java/dev/merc/core/fuzzy/*.java
 * java -cp "/tmp/jmh:$JCP" org.openjdk.jmh.Main 'SsdeepBenchmark|TlshBenchmark.tlsh' -wi 2 -i 3 -f 1
 * </pre>
 */
@State(Scope.Benchmark)
public class FuzzyInput {
    @Param("/work/corpus")
    public String dir;

    @Param("64")
    public int megabytes;

    /** Chunk size the hashers are fed with, as the extractor pipeline does. */
    @Param("65536")
    public int chunk;

    List<byte[]> files;
    long bytes;

    @Setup(Level.Trial)
    public void load() {
        files = new ArrayList<>();
        bytes = 0;
        long budget = (long) megabytes * 1_000_000;
        Path root = Path.of(dir);
        if (Files.isDirectory(root)) {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path p : (Iterable<Path>) paths.filter(Files::isRegularFile).sorted()::iterator) {
                    if (bytes >= budget) {
                        break;
                    }
                    add(Files.readAllBytes(p));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            Random rnd = new Random(1);
            while (bytes < budget) {
                byte[] b = new byte[1 << 20];
                if (files.size() % 2 == 0) {
                    rnd.nextBytes(b);
                } else {
                    for (int i = 0; i < b.length; i += 1 + rnd.nextInt(16)) {
                        b[i] = (byte) rnd.nextInt(256);
                    }
                }
                add(b);
            }
        }
        System.out.printf("%n[fuzzy input: %d files, %d bytes, chunk %d]%n", files.size(), bytes, chunk);
    }

    private void add(byte[] data) {
        files.add(data);
        bytes += data.length;
    }
}
