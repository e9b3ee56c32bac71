package dev.merc.pipeline;

import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.Assume;

/**
 * Solid AES-256 7z archives, with encrypted headers as the real dataset has them, made by the 7z
 * command. Skips the calling test when 7z is absent, except under CI=true, where that fails.
 */
final class SevenZip {

  private SevenZip() {}

  /** Packs {@code folder} (a name relative to {@code root}) into {@code archive}. */
  static Path aes(Path archive, Path root, String folder, String password) throws Exception {
    return aes(archive, root, folder, password, true);
  }

  /** The same; without encrypted headers, the entry names can be read without the password. */
  static Path aes(Path archive, Path root, String folder, String password,
      boolean encryptHeaders) throws Exception {
    boolean present = Files.isExecutable(Paths.get("/usr/bin/7z"));
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError(
          "CI=true but the 7z command is missing (apt-get install p7zip-full)");
    }
    Assume.assumeTrue("7z is not installed (apt-get install p7zip-full): AES 7z test skipped",
        present);
    Process p = new ProcessBuilder("/usr/bin/7z", "a", "-bd", "-y", "-p" + password,
        encryptHeaders ? "-mhe=on" : "-mhe=off",
        "-ms=on", archive.toString(), folder).directory(root.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertTrue("7z a", p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0);
    return archive;
  }
}
