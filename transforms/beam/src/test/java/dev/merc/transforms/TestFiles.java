package dev.merc.transforms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Fixture files for tests: the project's demo PE files and oddities made on the spot. */
public final class TestFiles {

  /** The committed demo samples, built from demo/src by demo/build.sh. */
  public static final Path DEMO = findDemo();

  private TestFiles() {}

  private static Path findDemo() {
    for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("demo/hello64.exe"))) {
        return p.resolve("demo");
      }
    }
    throw new IllegalStateException("demo/ not found above " + Paths.get("").toAbsolutePath());
  }

  public static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A file that is listed as a regular file but cannot be read, even by root: a link to
   * /proc/self/mem, whose first page is unmapped, so reading it fails with EIO.
   */
  public static Path unreadable(Path dir, String name) throws IOException {
    return Files.createSymbolicLink(dir.resolve(name), Paths.get("/proc/self/mem"));
  }
}
