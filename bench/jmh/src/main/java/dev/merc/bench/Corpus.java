package dev.merc.bench;

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
 * The files one benchmark operation processes: those of the folder in {@code dir} (or
 * {@code $MERC_CORPUS}), in path order, up to {@code megabytes} MB; without a folder, generated
 * data of that size (half random, half sparse). Read into memory once, as Merc does.
 */
@State(Scope.Benchmark)
public class Corpus {

  @Param("")
  public String dir;

  @Param("128")
  public int megabytes;

  public List<byte[]> files;
  public long bytes;

  @Setup(Level.Trial)
  public void load() throws IOException {
    files = new ArrayList<>();
    bytes = 0;
    long budget = megabytes * 1_000_000L;
    String folder = dir.isEmpty() ? System.getenv().getOrDefault("MERC_CORPUS", "") : dir;
    if (!folder.isEmpty() && Files.isDirectory(Path.of(folder))) {
      try (Stream<Path> paths = Files.walk(Path.of(folder))) {
        for (Path p : paths.filter(Files::isRegularFile).sorted().toList()) {
          if (bytes >= budget) {
            break;
          }
          add(Files.readAllBytes(p));
        }
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    } else {
      Random rnd = new Random(1);
      while (bytes < budget) {
        byte[] b = new byte[1 << 20];
        if (files.size() % 2 == 0) {
          rnd.nextBytes(b);
        } else {
          for (int i = 0; i < b.length; i += 1 + rnd.nextInt(16)) {
            b[i] = (byte) (32 + rnd.nextInt(95));
          }
        }
        add(b);
      }
    }
    // bench/jmh.sh turns time per operation into MB/s and files/s with these figures.
    System.out.printf("%n[corpus: %s: %d files, %d bytes]%n",
        folder.isEmpty() ? "generated" : folder, files.size(), bytes);
  }

  private void add(byte[] data) {
    files.add(data);
    bytes += data.length;
  }
}
