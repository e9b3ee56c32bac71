package dev.merc.transforms;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import dev.merc.core.extract.ExtractionSettings;
import dev.merc.core.record.Failure;
import dev.merc.core.record.SamplePath;
import dev.merc.core.record.SampleRecord;
import dev.merc.core.record.Stage;
import dev.merc.schema.DataSources;
import dev.merc.schema.Dialect;
import dev.merc.schema.Migrations;
import dev.merc.schema.SampleRows;
import dev.merc.schema.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ExtractSamplesTest {

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  private PCollectionTuple extract(Path dir, ExtractSamples.Settings settings) {
    return pipeline
        .apply(new MatchSamples(List.of(dir + "/**")))
        .apply(new ExtractSamples(settings));
  }

  @Test
  public void everyFileEndsAsARecordOrAFailure() throws Exception {
    Path dir = tmp.newFolder("in").toPath();
    Path pe = Files.copy(TestFiles.DEMO.resolve("hello64.exe"), dir.resolve("hello64.exe"));
    Path big = Files.copy(TestFiles.DEMO.resolve("beacon64.exe"), dir.resolve("big.exe"));
    Path text = Files.writeString(dir.resolve("notes.txt"), "not a PE\n");
    Path empty = Files.createFile(dir.resolve("empty"));
    Path unreadable = TestFiles.unreadable(dir, "unreadable.exe");

    PCollectionTuple out = extract(dir, new ExtractSamples.Settings(20_000, null, ExtractionSettings.defaults(), 60, FileGroups.ofCount(2)));

    Map<String, String> expectedShaByPath = new HashMap<>();
    for (Path p : List.of(pe, text, empty)) {
      expectedShaByPath.put(p.toString(), TestFiles.sha256(p));
    }
    PAssert.that(out.get(ExtractSamples.RECORDS))
        .satisfies(
            records -> {
              Map<String, String> seen = new HashMap<>();
              for (SampleRecord r : records) {
                seen.put(r.paths().get(0), r.sha256());
                assertNull(r.error());
                if (r.paths().get(0).endsWith("hello64.exe")) {
                  assertTrue(r.magic(), r.magic().startsWith("PE32+ executable (console) x86-64"));
                  assertEquals("application/vnd.microsoft.portable-executable", r.mime());
                }
                if (r.size() == 0) {
                  assertEquals("empty", r.magic());
                  assertEquals(0.0, r.entropy(), 0.0);
                }
              }
              assertEquals(expectedShaByPath, seen);
              return null;
            });
    String bigPath = big.toString();
    String unreadablePath = unreadable.toString();
    PAssert.that(out.get(ExtractSamples.FAILURES))
        .satisfies(
            failures -> {
              Map<String, Failure> byPath = new HashMap<>();
              failures.forEach(f -> byPath.put(f.path(), f));
              assertEquals(2, byPath.size());
              Failure tooBig = byPath.get(bigPath);
              assertEquals(Stage.READ, tooBig.stage());
              assertEquals("SampleTooLargeException", tooBig.errorClass());
              assertTrue(tooBig.message(), tooBig.message().contains("--maxSampleBytes"));
              assertEquals(Stage.READ, byPath.get(unreadablePath).stage());
              return null;
            });
    PAssert.that(out.get(ExtractSamples.KNOWN)).empty();
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void aSampleOverTheTimeCapKeepsItsHashesAndAnError() throws Exception {
    Path dir = tmp.newFolder("in").toPath();
    byte[] big = new byte[20 << 20];
    new java.util.Random(7).nextBytes(big);
    Path slow = Files.write(dir.resolve("slow.bin"), big);
    String sha = TestFiles.sha256(slow);
    // A cap of 0 s cannot be met by 20 MB of extraction work.
    PCollectionTuple out =
        extract(dir, new ExtractSamples.Settings(1 << 30, null, ExtractionSettings.defaults(), 0, FileGroups.ofCount(2)));
    PAssert.that(out.get(ExtractSamples.RECORDS))
        .satisfies(
            records -> {
              SampleRecord r = records.iterator().next();
              assertEquals(sha, r.sha256());
              assertEquals(20 << 20, r.size());
              assertEquals(Stage.EXTRACT, r.error().stage());
              assertTrue(r.error().message(), r.error().message().contains("--sampleTimeoutSeconds"));
              assertNull(r.strings());
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void storedSamplesOnlyYieldTheirPath() throws Exception {
    Path dir = tmp.newFolder("in").toPath();
    Path known = Files.copy(TestFiles.DEMO.resolve("hello32.exe"), dir.resolve("again.exe"));
    Path fresh = Files.copy(TestFiles.DEMO.resolve("greeter64.dll"), dir.resolve("new.dll"));
    try (TestDatabases.TestDatabase db = TestDatabases.sqlite()) {
      Migrations.migrate(db.config());
      SampleRecord stored =
          new SampleRecord(
              TestFiles.sha256(known), "0".repeat(40), "0".repeat(32), 1, 0, "magic as stored",
              null,
              List.of("/elsewhere/hello32.exe"), null, null, null, null, null, null, null);
      try (Connection c = DataSources.writer(db.config()).getConnection();
          PreparedStatement s = c.prepareStatement(SampleRows.insertSample(Dialect.SQLITE))) {
        SampleRows.bindSample(stored, s, Dialect.SQLITE);
        s.executeUpdate();
      }

      PCollectionTuple out =
          extract(dir, new ExtractSamples.Settings(1 << 20, db.config(), ExtractionSettings.defaults(), 60,
              FileGroups.ofCount(2)));
      // The stored row's magic and imphash (null here), and the size of what was read now.
      PAssert.that(out.get(ExtractSamples.KNOWN))
          .containsInAnyOrder(new SamplePath(TestFiles.sha256(known), known.toString(),
              Files.size(known), "magic as stored", null));
      String freshPath = fresh.toString();
      PAssert.that(out.get(ExtractSamples.RECORDS))
          .satisfies(
              records -> {
                SampleRecord only = records.iterator().next();
                assertEquals(freshPath, only.paths().get(0));
                return null;
              });
      pipeline.run().waitUntilFinish();
    }
  }
}
