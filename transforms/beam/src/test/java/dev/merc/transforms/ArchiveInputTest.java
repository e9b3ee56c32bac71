package dev.merc.transforms;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.merc.core.extract.ExtractionSettings;
import dev.merc.core.record.Failure;
import dev.merc.core.record.SampleRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.lingala.zip4j.io.outputstream.ZipOutputStream;
import net.lingala.zip4j.model.ZipParameters;
import net.lingala.zip4j.model.enums.AesKeyStrength;
import net.lingala.zip4j.model.enums.EncryptionMethod;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Archive entries through the same grouping and extraction as files: names {@code archive!entry},
 * the cap, hostile entry names, a truncated archive, and a spool folder left clean.
 */
public class ArchiveInputTest {

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  private static final long CAP = 30_000;

  /** An AES zip of demo PE files, a text file, an entry over the cap and hostile names. */
  private Path zip(String name) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("in/hello64.exe", Files.readAllBytes(TestFiles.DEMO.resolve("hello64.exe")));
    entries.put("in/notes.txt", "not a PE\n".getBytes());
    entries.put("../../escape.exe", Files.readAllBytes(TestFiles.DEMO.resolve("hello32.exe")));
    entries.put("/abs/olute.txt", "absolute\n".getBytes());
    entries.put("in/big.exe", Files.readAllBytes(TestFiles.DEMO.resolve("beacon64.exe")));
    entries.put("in/last.txt", "last\n".getBytes());
    Path zip = tmp.getRoot().toPath().resolve(name);
    try (OutputStream file = Files.newOutputStream(zip);
        ZipOutputStream out = new ZipOutputStream(file, "infected".toCharArray())) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        ZipParameters p = new ZipParameters();
        p.setFileNameInZip(e.getKey());
        p.setEncryptFiles(true);
        p.setEncryptionMethod(EncryptionMethod.AES);
        p.setAesKeyStrength(AesKeyStrength.KEY_STRENGTH_256);
        out.putNextEntry(p);
        out.write(e.getValue());
        out.closeEntry();
      }
    }
    return zip;
  }

  private PCollectionTuple run(Path archive, Path spool) {
    ArchiveSettings settings = new ArchiveSettings("infected", "**", CAP, spool.toString());
    return pipeline
        .apply(new MatchSamples(List.of()).withArchives(List.of(archive.toString()), settings))
        .apply(new ExtractSamples(
            new ExtractSamples.Settings(CAP, null, ExtractionSettings.defaults(), 60, FileGroups.ofCount(2))));
  }

  @Test
  public void entriesBecomeSamplesAndTheSpoolIsCleaned() throws Exception {
    Path zip = zip("a.zip");
    Path spool = tmp.newFolder("spool").toPath();
    PCollectionTuple out = run(zip, spool);
    String a = zip + "!";
    PAssert.that(out.get(ExtractSamples.RECORDS)).satisfies(records -> {
      List<String> paths = new ArrayList<>();
      records.forEach(r -> paths.addAll(r.paths()));
      assertEquals(new java.util.TreeSet<>(List.of(a + "in/hello64.exe", a + "in/notes.txt",
          a + "../../escape.exe", a + "/abs/olute.txt", a + "in/last.txt")),
          new java.util.TreeSet<>(paths));
      return null;
    });
    PAssert.that(out.get(ExtractSamples.FAILURES)).satisfies(failures -> {
      List<Failure> list = new ArrayList<>();
      failures.forEach(list::add);
      assertEquals(1, list.size());
      assertEquals(a + "in/big.exe", list.get(0).path());
      assertTrue(list.get(0).message(), list.get(0).message().contains("--maxSampleBytes"));
      return null;
    });
    pipeline.run().waitUntilFinish();
    assertEquals("the spool folder is empty again", List.of(), list(spool));
    // Spool files are numbered, never named after entries: ../ and /abs names cannot escape.
    assertEquals("nothing written under an entry's name", List.of(),
        list(tmp.getRoot().toPath()).stream().map(p -> p.getFileName().toString())
            .filter(n -> n.equals("escape.exe") || n.equals("olute.txt")).toList());
  }

  @Test
  public void aTruncatedArchiveKeepsItsEarlierEntriesAndFailsOnce() throws Exception {
    Path zip = zip("cut.zip");
    try (FileChannel ch = FileChannel.open(zip, StandardOpenOption.WRITE)) {
      ch.truncate(Files.size(zip) * 2 / 3);
    }
    Path spool = tmp.newFolder("spool").toPath();
    PCollectionTuple out = run(zip, spool);
    String name = zip.toString();
    PAssert.that(out.get(ExtractSamples.RECORDS)).satisfies(records -> {
      List<String> paths = new ArrayList<>();
      for (SampleRecord r : records) {
        paths.addAll(r.paths());
      }
      assertTrue(paths.toString(), paths.contains(name + "!in/hello64.exe"));
      return null;
    });
    PAssert.that(out.get(ExtractSamples.FAILURES)).satisfies(failures -> {
      List<String> archive = new ArrayList<>();
      failures.forEach(f -> {
        if (f.path().equals(name)) {
          archive.add(f.stage().label() + ": " + f.message());
        }
      });
      assertEquals(archive.toString(), 1, archive.size());
      assertTrue(archive.get(0), archive.get(0).startsWith("archive: archive " + name + " "));
      return null;
    });
    pipeline.run().waitUntilFinish();
    assertEquals(List.of(), list(spool));
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> !p.equals(dir)).toList();
    }
  }
}
