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

  @Test
  public void aesSevenZipWithPlainHeadersFailsOnTheFirstEntrysData() throws Exception {
    Path sz = ArchiveFixtures.aesSevenZip(tmp.getRoot().toPath().resolve("plainheaders.7z"),
        ArchiveFixtures.entries(), "infected", false);
    assertAllSamples(sz, "infected");
    // The names are readable without the key: the wrong one only shows once data is decoded.
    List<String> visited = new java.util.ArrayList<>();
    try (FileChannel ch = FileChannel.open(sz)) {
      ArchiveReader.read(ArchiveFormat.SEVEN_ZIP, ch, sz.toString(), "wrong",
          new EntrySelector("**"), (name, size, data) -> {
            visited.add(name);
            data.readAllBytes();
          });
      fail("read to the end with the wrong password");
    } catch (ArchiveException e) {
      assertTrue(e.getMessage(), e.getMessage().startsWith("archive " + sz + " "));
      assertTrue(e.reason().toString(), e.reason() == Reason.WRONG_PASSWORD_OR_CORRUPT
          || e.reason() == Reason.TRUNCATED);
    }
    assertEquals("the failure came while the first entry was read", 1, visited.size());
  }

  @Test
  public void probeTellsAWrongPasswordFromTheFirstEntry() throws Exception {
    Path root = tmp.getRoot().toPath();
    Path zip = ArchiveFixtures.zip(root.resolve("p.zip"), ArchiveFixtures.entries(), "infected",
        EncryptionMethod.AES);
    probe(zip, "infected");
    assertEquals(Reason.WRONG_PASSWORD, probeFailure(zip, "wrong"));
    assertEquals(Reason.PASSWORD_REQUIRED, probeFailure(zip, null));
    Path plain = ArchiveFixtures.aesSevenZip(root.resolve("plainheaders.7z"),
        ArchiveFixtures.entries(), "infected", false);
    probe(plain, "infected");
    assertEquals(Reason.WRONG_PASSWORD_OR_CORRUPT, probeFailure(plain, "wrong"));
    Path hidden = ArchiveFixtures.aesSevenZip(root.resolve("hidden.7z"),
        ArchiveFixtures.entries(), "infected", true);
    probe(hidden, "infected");
    assertEquals(Reason.WRONG_PASSWORD_OR_CORRUPT, probeFailure(hidden, "wrong"));
    assertEquals(Reason.PASSWORD_REQUIRED, probeFailure(hidden, null));
    // Only the first entry is read: an archive cut after it passes, and fails in the run instead.
    Path cut = ArchiveFixtures.zip(root.resolve("cut.zip"), ArchiveFixtures.entries(), "infected",
        EncryptionMethod.AES);
    truncate(cut, Files.size(cut) / 2);
    probe(cut, "infected");
    assertTrue(failure(cut, "infected") != null);
  }

  @Test
  public void aHeaderAskingForAHugeDictionaryIsAnArchiveFailureNotAnOutOfMemoryError()
      throws Exception {
    Map<String, byte[]> one = new LinkedHashMap<>();
    one.put("set/samples/hello64", ArchiveFixtures.entries().get("set/samples/hello64"));
    // Property 37 is a 1.5 GiB dictionary, over the cap whatever the heap.
    Path sz = ArchiveFixtures.sevenZipAskingForDictionary(
        tmp.getRoot().toPath().resolve("huge-dictionary.7z"), one, 37);
    assertTrue("a small file", Files.size(sz) < 64 * 1024);
    try (FileChannel ch = FileChannel.open(sz)) {
      ArchiveReader.read(ArchiveFormat.SEVEN_ZIP, ch, sz.toString(), null,
          new EntrySelector("**"), (name, size, data) -> data.readAllBytes());
      fail("a 1.5 GiB dictionary was accepted");
    } catch (ArchiveException e) {
      assertEquals(e.getMessage(), Reason.TOO_MUCH_MEMORY, e.reason());
      assertTrue(e.getMessage(), e.getMessage().startsWith("archive " + sz + " needs more decoder"
          + " memory than Merc allows"));
    }
    // The same archive with its real, small dictionary property reads fine.
    Path small = ArchiveFixtures.sevenZipAskingForDictionary(
        tmp.getRoot().toPath().resolve("small-dictionary.7z"), one, 16);
    try (FileChannel ch = FileChannel.open(small)) {
      assertEquals(1, ArchiveReader.read(ArchiveFormat.SEVEN_ZIP, ch, small.toString(), null,
          new EntrySelector("**"), (name, size, data) -> data.readAllBytes()));
    }
  }

  @Test
  public void theDecoderMemoryCapIsAQuarterOfTheHeapAndAtMostOneGiB() {
    long gib = 1L << 30;
    assertEquals(1024 * 1024, ArchiveReader.sevenZipMemoryLimitKiB(8 * gib));
    assertEquals(1024 * 1024, ArchiveReader.sevenZipMemoryLimitKiB(4 * gib));
    assertEquals(512 * 1024, ArchiveReader.sevenZipMemoryLimitKiB(2 * gib));
    assertEquals(64 * 1024, ArchiveReader.sevenZipMemoryLimitKiB(256L << 20));
    assertEquals("no heap limit", 1024 * 1024, ArchiveReader.sevenZipMemoryLimitKiB(Long.MAX_VALUE));
  }

  private static void probe(Path archive, String password) throws IOException {
    try (FileChannel ch = FileChannel.open(archive)) {
      ArchiveReader.probe(ArchiveFormat.of(archive.toString()).orElseThrow(), ch,
          archive.toString(), password, new EntrySelector("**"));
    }
  }

  private static Reason probeFailure(Path archive, String password) throws IOException {
    try {
      probe(archive, password);
    } catch (ArchiveException e) {
      assertTrue(e.getMessage(), e.getMessage().startsWith("archive " + archive + " "));
      return e.reason();
    }
    fail("the probe passed " + archive + " with password " + password);
    return null;
  }

  private static void truncate(Path file, long size) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(size);
    }
  }
}
