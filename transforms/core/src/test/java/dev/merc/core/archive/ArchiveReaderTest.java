package dev.merc.core.archive;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import dev.merc.core.archive.ArchiveException.Reason;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import net.lingala.zip4j.model.enums.EncryptionMethod;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ArchiveReaderTest {

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static final List<String> SAMPLES = List.of(
      "set/samples/hello64", "set/samples/hello32", "set/samples/beacon64", "set/notes/readme.txt");

  private static Map<String, byte[]> read(Path archive, String password, String glob)
      throws IOException {
    Map<String, byte[]> seen = new LinkedHashMap<>();
    try (FileChannel ch = FileChannel.open(archive, StandardOpenOption.READ)) {
      long n = ArchiveReader.read(ArchiveFormat.of(archive.toString()).orElseThrow(), ch,
          archive.toString(), password, new EntrySelector(glob),
          (name, size, data) -> seen.put(name, data.readAllBytes()));
      assertEquals(seen.size(), n);
    }
    return seen;
  }

  private void assertAllSamples(Path archive, String password) throws IOException {
    Map<String, byte[]> expected = ArchiveFixtures.entries();
    Map<String, byte[]> seen = read(archive, password, "**");
    // 7z orders a solid block by its own rules (extension, name): compare the names as a set.
    assertEquals("no folder, no label CSV", new TreeSet<>(SAMPLES), new TreeSet<>(seen.keySet()));
    for (String name : SAMPLES) {
      assertArrayEquals(name, expected.get(name), seen.get(name));
    }
  }

  private static Reason failure(Path archive, String password) {
    try {
      read(archive, password, "**");
    } catch (ArchiveException e) {
      assertTrue(e.getMessage(), e.getMessage().startsWith("archive " + archive + " "));
      return e.reason();
    } catch (IOException e) {
      throw new AssertionError("not an ArchiveException", e);
    }
    fail("no failure reading " + archive);
    return null;
  }

  @Test
  public void aesAndZipCryptoZips() throws Exception {
    for (EncryptionMethod m : List.of(EncryptionMethod.AES, EncryptionMethod.ZIP_STANDARD)) {
      Path zip = ArchiveFixtures.zip(tmp.getRoot().toPath().resolve(m + ".zip"),
          ArchiveFixtures.entries(), "infected", m);
      assertAllSamples(zip, "infected");
      assertEquals(m.toString(), Reason.WRONG_PASSWORD, failure(zip, "wrong"));
      assertEquals(m.toString(), Reason.PASSWORD_REQUIRED, failure(zip, null));
    }
  }

  @Test
  public void plainSevenZipFromCommonsCompress() throws Exception {
    Path sz = ArchiveFixtures.sevenZip(tmp.getRoot().toPath().resolve("plain.7z"),
        ArchiveFixtures.entries());
    assertAllSamples(sz, null);
    assertAllSamples(sz, "unused");
  }

  @Test
  public void aesSevenZipWithEncryptedHeaders() throws Exception {
    Path sz = ArchiveFixtures.aesSevenZip(tmp.getRoot().toPath().resolve("aes.7z"),
        ArchiveFixtures.entries(), "infected");
    assertAllSamples(sz, "infected");
    assertEquals(Reason.PASSWORD_REQUIRED, failure(sz, null));
    Reason wrong = failure(sz, "wrong");
    assertTrue(wrong.toString(),
        wrong == Reason.WRONG_PASSWORD_OR_CORRUPT || wrong == Reason.WRONG_PASSWORD);
  }

  @Test
  public void theGlobSelectsEntries() throws Exception {
    Path zip = ArchiveFixtures.zip(tmp.getRoot().toPath().resolve("a.zip"),
        ArchiveFixtures.entries(), null, EncryptionMethod.NONE);
    assertEquals(List.of("set/samples/hello64", "set/samples/hello32", "set/samples/beacon64"),
        List.copyOf(read(zip, null, "set/samples/*").keySet()));
    assertEquals(List.of("set/notes/readme.txt"),
        List.copyOf(read(zip, null, "**/*.txt").keySet()));
    assertEquals(List.of("set/samples/hello32"),
        List.copyOf(read(zip, null, "**hello3?").keySet()));
  }

  @Test
  public void truncatedAndCorruptArchivesFailClearlyAfterTheirGoodEntries() throws Exception {
    Path zip = ArchiveFixtures.zip(tmp.getRoot().toPath().resolve("t.zip"),
        ArchiveFixtures.entries(), "infected", EncryptionMethod.AES);
    truncate(zip, Files.size(zip) / 2);
    Map<String, byte[]> seen = new LinkedHashMap<>();
    try (FileChannel ch = FileChannel.open(zip)) {
      ArchiveReader.read(ArchiveFormat.ZIP, ch, zip.toString(), "infected",
          new EntrySelector("**"), (name, size, data) -> seen.put(name, data.readAllBytes()));
      fail("a truncated zip read to its end");
    } catch (ArchiveException e) {
      assertTrue(e.getMessage(), e.getMessage().contains(zip.toString()));
    }
    assertTrue("the entries before the cut were read: " + seen.keySet(),
        seen.containsKey("set/samples/hello64"));

    Path sz = ArchiveFixtures.sevenZip(tmp.getRoot().toPath().resolve("t.7z"),
        ArchiveFixtures.entries());
    Path cut = Files.copy(sz, tmp.getRoot().toPath().resolve("cut.7z"));
    truncate(cut, Files.size(cut) - 40);
    assertEquals(Reason.TRUNCATED, failure(cut, null));

    Path corrupt = Files.copy(sz, tmp.getRoot().toPath().resolve("corrupt.7z"));
    try (RandomAccessFile f = new RandomAccessFile(corrupt.toFile(), "rw")) {
      for (long at = 64; at < 4096; at += 7) {
        f.seek(at);
        f.write(0x5a);
      }
    }
    Reason r = failure(corrupt, null);
    assertTrue(r.toString(), r == Reason.CORRUPT || r == Reason.TRUNCATED);
  }

  private static void truncate(Path file, long size) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(size);
    }
  }
}
