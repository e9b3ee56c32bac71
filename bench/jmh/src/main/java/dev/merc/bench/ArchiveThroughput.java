package dev.merc.bench;

import dev.merc.core.archive.ArchiveFormat;
import dev.merc.core.archive.ArchiveReader;
import dev.merc.core.archive.EntrySelector;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Decode throughput of Merc's archive reading (the sequential pass that feeds the spool), for
 * bench/archive-throughput.sh. Usage: ARCHIVE PASSWORD [SPOOL_DIR]; with SPOOL_DIR each entry is
 * also written to a file there, as the pipeline's spool does, and deleted.
 */
public final class ArchiveThroughput {

  private ArchiveThroughput() {}

  public static void main(String[] args) throws Exception {
    Path archive = Paths.get(args[0]);
    String password = args.length > 1 ? args[1] : null;
    Path spool = args.length > 2 ? Paths.get(args[2]) : null;
    long[] totals = {0, 0};
    byte[] buf = new byte[1 << 16];
    long start = System.nanoTime();
    try (FileChannel ch = FileChannel.open(archive)) {
      ArchiveReader.read(ArchiveFormat.of(archive.toString()).orElseThrow(), ch,
          archive.toString(), password, new EntrySelector("**"), (name, size, data) -> {
            totals[0]++;
            Path file = spool == null ? null : spool.resolve(Long.toString(totals[0]));
            try (OutputStream out = file == null ? OutputStream.nullOutputStream()
                : Files.newOutputStream(file)) {
              totals[1] += copy(data, out, buf);
            }
            if (file != null) {
              Files.delete(file);
            }
          });
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("merc %s: %d entries, %d bytes, %.2f s, %.1f MB/s%n",
        spool == null ? "decode" : "decode+spool", totals[0], totals[1], seconds,
        totals[1] / 1e6 / seconds);
  }

  private static long copy(InputStream in, OutputStream out, byte[] buf) throws java.io.IOException {
    long n = 0;
    int r;
    while ((r = in.read(buf)) > 0) {
      out.write(buf, 0, r);
      n += r;
    }
    return n;
  }
}
