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
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Archive entries through the same grouping and extraction as files: names {@code archive!entry},
 * the cap, hostile entry names, a truncated archive, a wrong password on plain headers, the
 * accounting of each, and a spool folder left clean.
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
    Map<String, Long> counts = counts(pipeline.run());
    assertAddsUp(counts);
    assertEquals(counts.toString(), List.of(6L, 5L, 1L),
        List.of(counts.get(MercMetrics.MATCHED_FILES), counts.get(MercMetrics.STORED),
            counts.get(MercMetrics.FAILED)));
    assertEquals("the spool folder is empty again", List.of(), list(spool));
    // Spool files are numbered, never named after entries: ../ and /abs names cannot escape.
    assertEquals("nothing written under an entry's name", List.of(),
        list(tmp.getRoot().toPath()).stream().map(p -> p.getFileName().toString())
            .filter(n -> n.equals("escape.exe") || n.equals("olute.txt")).toList());
  }

  @Test
  public void aTruncatedArchiveKeepsItsEarlierEntriesAndAccountsForTheCutOne() throws Exception {
    Path zip = zip("cut.zip");
    // Cut inside in/big.exe's data: the four entries before it are whole, in/last.txt is gone.
    byte[] bytes = Files.readAllBytes(zip);
    int big = indexOf(bytes, "in/big.exe".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    try (FileChannel ch = FileChannel.open(zip, StandardOpenOption.WRITE)) {
      ch.truncate(big + 2_000);
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
    PAssert.that(out.get(ExtractSamples.FAILURES)).satisfies(failures -> {
      List<String> paths = new ArrayList<>();
      failures.forEach(f -> paths.add(f.stage().label() + " " + f.path()));
      // The entry being read when the archive broke has its own row, beside the archive's.
      assertEquals(new java.util.TreeSet<>(List.of("archive " + name, "archive " + name
          + "!in/big.exe")), new java.util.TreeSet<>(paths));
      return null;
    });
    Map<String, Long> counts = counts(pipeline.run());
    assertAddsUp(counts);
    assertEquals(counts.toString(), List.of(6L, 4L, 2L),
        List.of(counts.get(MercMetrics.MATCHED_FILES), counts.get(MercMetrics.STORED),
            counts.get(MercMetrics.FAILED)));
    assertEquals(List.of(), list(spool));
  }

  /**
   * AES 7z with plain headers ({@code 7z a -p} without {@code -mhe}) and the wrong password: the
   * entry names are readable, the first entry's data is not. That entry was counted, so it ends
   * as a failures row ({@code archive!entry}) beside the archive's own row.
   */
  @Test
  public void aWrongPasswordOnPlainHeadersAccountsForTheEntryItBrokeOn() throws Exception {
    Path sz = plainHeaderAesSevenZip("plain-headers.7z");
    Path spool = tmp.newFolder("spool").toPath();
    ArchiveSettings settings = new ArchiveSettings("wrong", "**", CAP, spool.toString());
    PCollectionTuple out = pipeline
        .apply(new MatchSamples(List.of()).withArchives(List.of(sz.toString()), settings))
        .apply(new ExtractSamples(
            new ExtractSamples.Settings(CAP, null, ExtractionSettings.defaults(), 60, FileGroups.ofCount(2))));
    String name = sz.toString();
    PAssert.that(out.get(ExtractSamples.RECORDS)).empty();
    PAssert.that(out.get(ExtractSamples.FAILURES)).satisfies(failures -> {
      List<String> rows = new ArrayList<>();
      failures.forEach(f -> rows.add(f.stage().label() + " " + f.path()));
      assertEquals(rows.toString(), 2, rows.size());
      assertTrue(rows.toString(), rows.contains("archive " + name));
      assertTrue(rows.toString(), rows.stream().anyMatch(r -> r.startsWith(
          "archive " + name + "!set/samples/")));
      failures.forEach(f -> assertTrue(f.message(), f.message().startsWith(
          "archive " + name + " cannot be decoded: wrong password")));
      return null;
    });
    Map<String, Long> counts = counts(pipeline.run());
    assertAddsUp(counts);
    assertEquals(counts.toString(), List.of(2L, 0L, 2L),
        List.of(counts.get(MercMetrics.MATCHED_FILES), counts.get(MercMetrics.STORED),
            counts.get(MercMetrics.FAILED)));
    assertEquals(List.of(), list(spool));
  }

  /**
   * A runner that retries a failed bundle hands ExtractFileFn the same spooled entries again: the
   * spool files must outlive a bundle that did not finish, and go once one does.
   */
  @Test
  public void spoolFilesOutliveAFailedBundleAndGoWhenOneFinishes() throws Exception {
    Path folder = tmp.newFolder("spool", SpoolFolder.PREFIX + "x").toPath();
    Path spooled = Files.copy(TestFiles.DEMO.resolve("hello64.exe"), folder.resolve("0000000001"));
    Files.writeString(folder.resolve(SpoolFolder.DONE), "");
    SampleFile entry = new SampleFile(spooled.toString(), "a.zip!hello64.exe",
        Files.size(spooled), true, null);
    ExtractSamples.Settings settings =
        new ExtractSamples.Settings(CAP, null, ExtractionSettings.defaults(), 60, FileGroups.ofCount(2));

    // The first attempt extracts the entry, then its bundle fails before finishing.
    ExtractSamples.ExtractFileFn first = new ExtractSamples.ExtractFileFn(settings);
    first.setup();
    Outputs lost = new Outputs();
    first.process(entry, lost);
    first.teardown();
    assertEquals(1, lost.records.size());
    assertTrue("a bundle that did not finish keeps its spool file", Files.exists(spooled));

    // The retry reads it again and, once its bundle finishes, deletes it and the empty folder.
    ExtractSamples.ExtractFileFn retry = new ExtractSamples.ExtractFileFn(settings);
    retry.setup();
    Outputs kept = new Outputs();
    retry.process(entry, kept);
    assertEquals("the retry found the entry: " + kept.failures, List.of(), kept.failures);
    assertEquals(lost.records.get(0).sha256(), kept.records.get(0).sha256());
    assertTrue("still there until the bundle finishes", Files.exists(spooled));
    retry.finishBundle();
    retry.teardown();
    assertTrue("deleted with its folder", Files.notExists(folder));
  }

  /** Collects what ExtractFileFn emits, by output. */
  private static final class Outputs implements DoFn.MultiOutputReceiver {
    final List<SampleRecord> records = new ArrayList<>();
    final List<Failure> failures = new ArrayList<>();

    @Override
    @SuppressWarnings("unchecked")
    public <T> DoFn.OutputReceiver<T> get(TupleTag<T> tag) {
      List<Object> sink = tag.equals(ExtractSamples.RECORDS) ? (List<Object>) (List<?>) records
          : tag.equals(ExtractSamples.FAILURES) ? (List<Object>) (List<?>) failures
          : new ArrayList<>();
      return new DoFn.OutputReceiver<T>() {
        @Override
        public void output(T value) {
          sink.add(value);
        }

        @Override
        public void outputWithTimestamp(T value, org.joda.time.Instant timestamp) {
          sink.add(value);
        }
      };
    }

    @Override
    public <T> DoFn.OutputReceiver<org.apache.beam.sdk.values.Row> getRowReceiver(TupleTag<T> tag) {
      throw new UnsupportedOperationException();
    }
  }

  /** An AES-256 solid 7z made by the 7z command, with its headers left unencrypted. */
  private Path plainHeaderAesSevenZip(String name) throws Exception {
    boolean present = Files.isExecutable(java.nio.file.Paths.get("/usr/bin/7z"));
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("CI=true but the 7z command is missing (apt-get install p7zip-full)");
    }
    org.junit.Assume.assumeTrue("7z is not installed (apt-get install p7zip-full)", present);
    Path src = tmp.newFolder("src-" + name).toPath();
    Path samples = Files.createDirectories(src.resolve("set/samples"));
    Files.copy(TestFiles.DEMO.resolve("hello64.exe"), samples.resolve("1"));
    Files.copy(TestFiles.DEMO.resolve("hello32.exe"), samples.resolve("2"));
    Path archive = tmp.getRoot().toPath().resolve(name);
    Process p = new ProcessBuilder("/usr/bin/7z", "a", "-bd", "-y", "-pinfected", "-mhe=off",
        "-ms=on", archive.toString(), "set").directory(src.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertTrue("7z a", p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0);
    return archive;
  }

  /** Merc's counters after the run. */
  static Map<String, Long> counts(PipelineResult result) {
    result.waitUntilFinish();
    Map<String, Long> counts = new java.util.TreeMap<>();
    for (String name : List.of(MercMetrics.MATCHED_FILES, MercMetrics.MATCHED_BYTES,
        MercMetrics.STORED, MercMetrics.KNOWN, MercMetrics.FAILED, MercMetrics.DONE_BYTES)) {
      counts.put(name, 0L);
    }
    for (MetricResult<Long> c : result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.inNamespace(MercMetrics.NAMESPACE)).build()).getCounters()) {
      counts.merge(c.getName().getName(), c.getAttempted(), Long::sum);
    }
    return counts;
  }

  /** Every matched file (and byte) ended stored, known or failed. */
  static void assertAddsUp(Map<String, Long> c) {
    assertEquals("files = stored + known + failed: " + c, (long) c.get(MercMetrics.MATCHED_FILES),
        c.get(MercMetrics.STORED) + c.get(MercMetrics.KNOWN) + c.get(MercMetrics.FAILED));
    assertEquals("matched bytes = done bytes: " + c, c.get(MercMetrics.MATCHED_BYTES),
        c.get(MercMetrics.DONE_BYTES));
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> !p.equals(dir)).toList();
    }
  }
}
