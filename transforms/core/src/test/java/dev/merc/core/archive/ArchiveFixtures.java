package dev.merc.core.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.lingala.zip4j.io.outputstream.ZipOutputStream;
import net.lingala.zip4j.model.ZipParameters;
import net.lingala.zip4j.model.enums.AesKeyStrength;
import net.lingala.zip4j.model.enums.EncryptionMethod;
import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZOutputFile;
import org.junit.Assume;

/** Builds small archives of demo PE files and non-PE entries for the tests, in Java or with 7z. */
public final class ArchiveFixtures {

  private ArchiveFixtures() {}

  /** The entries every fixture holds: three demo PE files, a text file, a label CSV, a folder. */
  public static Map<String, byte[]> entries() throws IOException {
    Path demo = demo();
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("set/samples/hello64", Files.readAllBytes(demo.resolve("hello64.exe")));
    entries.put("set/samples/hello32", Files.readAllBytes(demo.resolve("hello32.exe")));
    entries.put("set/samples/beacon64", Files.readAllBytes(demo.resolve("beacon64.exe")));
    entries.put("set/notes/readme.txt", "not a PE\n".getBytes());
    entries.put("set/samples.csv", "id,md5\n".getBytes());
    return entries;
  }

  public static Path demo() {
    for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("demo/hello64.exe"))) {
        return p.resolve("demo");
      }
    }
    throw new IllegalStateException("demo/ not found");
  }

  /** A zip written by zip4j; {@code method} NONE for no encryption. */
  public static Path zip(Path target, Map<String, byte[]> entries, String password,
      EncryptionMethod method) throws IOException {
    try (OutputStream file = Files.newOutputStream(target);
        ZipOutputStream zip = new ZipOutputStream(
            file, password == null ? null : password.toCharArray())) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        ZipParameters p = new ZipParameters();
        p.setFileNameInZip(e.getKey());
        if (method != EncryptionMethod.NONE) {
          p.setEncryptFiles(true);
          p.setEncryptionMethod(method);
          p.setAesKeyStrength(AesKeyStrength.KEY_STRENGTH_256);
        }
        zip.putNextEntry(p);
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return target;
  }

  /** An unencrypted solid 7z written by Commons Compress (which cannot encrypt). */
  public static Path sevenZip(Path target, Map<String, byte[]> entries) throws IOException {
    try (SevenZOutputFile out = new SevenZOutputFile(target.toFile())) {
      SevenZArchiveEntry dir = new SevenZArchiveEntry();
      dir.setName("set");
      dir.setDirectory(true);
      out.putArchiveEntry(dir);
      out.closeArchiveEntry();
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        SevenZArchiveEntry entry = new SevenZArchiveEntry();
        entry.setName(e.getKey());
        entry.setSize(e.getValue().length);
        out.putArchiveEntry(entry);
        out.write(e.getValue());
        out.closeArchiveEntry();
      }
    }
    return target;
  }

  /**
   * An AES-256 7z with encrypted headers, made by the 7z command (p7zip-full), as the real
   * dataset is. Skips the calling test when 7z is absent, except under CI=true.
   */
  public static Path aesSevenZip(Path target, Map<String, byte[]> entries, String password)
      throws IOException, InterruptedException {
    boolean present = Files.isExecutable(Paths.get("/usr/bin/7z"));
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("CI=true but the 7z command is missing (apt-get install p7zip-full)");
    }
    Assume.assumeTrue("7z is not installed (apt-get install p7zip-full): AES 7z test skipped",
        present);
    Path src = Files.createTempDirectory(target.getParent(), "src");
    List<String> command = new ArrayList<>(List.of("/usr/bin/7z", "a", "-bd", "-y",
        "-p" + password, "-mhe=on", "-ms=on", target.toString()));
    for (Map.Entry<String, byte[]> e : entries.entrySet()) {
      Path f = src.resolve(e.getKey());
      Files.createDirectories(f.getParent());
      Files.write(f, e.getValue());
    }
    command.add("set");
    Process p = new ProcessBuilder(command).directory(src.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("7z a failed for " + target);
    }
    return target;
  }
}
