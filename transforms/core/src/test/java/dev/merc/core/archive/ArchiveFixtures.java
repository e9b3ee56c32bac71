package dev.merc.core.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
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
   * A 7z whose header asks for an LZMA2 dictionary of the given property byte (37 is 1.5 GiB)
   * although its data was packed with a small one: a tiny file that asks the decoder for a lot of
   * memory. The header is Commons Compress's plain one, so its coder properties can be patched in
   * place; both header checksums are recomputed.
   */
  public static Path sevenZipAskingForDictionary(Path target, Map<String, byte[]> entries,
      int lzma2DictionaryProperty) throws IOException {
    byte[] b = Files.readAllBytes(sevenZip(target, entries));
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    int start = Math.toIntExact(32 + buf.getLong(12));
    int end = Math.toIntExact(start + buf.getLong(20));
    int patched = 0;
    // A coder entry for LZMA2: flags 0x21 (one id byte, has properties), id 0x21, one property.
    for (int i = start; i + 3 < end; i++) {
      if (b[i] == 0x21 && b[i + 1] == 0x21 && b[i + 2] == 0x01) {
        b[i + 3] = (byte) lzma2DictionaryProperty;
        patched++;
      }
    }
    if (patched == 0) {
      throw new IllegalStateException("no LZMA2 coder found in the header of " + target);
    }
    CRC32 header = new CRC32();
    header.update(b, start, end - start);
    buf.putInt(28, (int) header.getValue());
    CRC32 startHeader = new CRC32();
    startHeader.update(b, 12, 20);
    buf.putInt(8, (int) startHeader.getValue());
    Files.write(target, b);
    return target;
  }

  /**
   * An AES-256 7z with encrypted headers, made by the 7z command (p7zip-full), as the real
   * dataset is. Skips the calling test when 7z is absent, except under CI=true.
   */
  public static Path aesSevenZip(Path target, Map<String, byte[]> entries, String password)
      throws IOException, InterruptedException {
    return aesSevenZip(target, entries, password, true);
  }

  /**
   * An AES-256 7z made by the 7z command; with {@code encryptHeaders} false ({@code 7z a -p}
   * without {@code -mhe}) the entry names are readable without the password, only the data is not.
   */
  public static Path aesSevenZip(Path target, Map<String, byte[]> entries, String password,
      boolean encryptHeaders) throws IOException, InterruptedException {
    boolean present = Files.isExecutable(Paths.get("/usr/bin/7z"));
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("CI=true but the 7z command is missing (apt-get install p7zip-full)");
    }
    Assume.assumeTrue("7z is not installed (apt-get install p7zip-full): AES 7z test skipped",
        present);
    Path src = Files.createTempDirectory(target.getParent(), "src");
    List<String> command = new ArrayList<>(List.of("/usr/bin/7z", "a", "-bd", "-y",
        "-p" + password, encryptHeaders ? "-mhe=on" : "-mhe=off", "-ms=on", target.toString()));
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
