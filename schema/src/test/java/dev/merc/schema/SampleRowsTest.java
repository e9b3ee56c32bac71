package dev.merc.schema;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import dev.merc.core.record.Failure;
import dev.merc.core.record.SamplePath;
import dev.merc.core.record.SampleRecord;
import dev.merc.core.record.Stage;
import dev.merc.core.record.StageError;
import dev.merc.core.extract.Digests;
import dev.merc.core.extract.ExtractionSettings;
import dev.merc.core.extract.SampleBytes;
import dev.merc.core.extract.SampleExtractor;
import dev.merc.core.strings.ExtractedStrings;
import dev.merc.core.strings.FoundString;
import dev.merc.core.strings.StringEncoding;
import dev.merc.core.strings.StringTag;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.Test;

/** The migrations and row mapping, against both real databases. */
public class SampleRowsTest {

  private static final String SHA = "ab".repeat(32);

  private static SampleRecord sample(String path, String magic, StageError error) {
    return new SampleRecord(
        SHA, "cd".repeat(20), "ef".repeat(16), 42, 3.5, magic, "application/x-dosexec",
        List.of(path), null, null, null, null, null, null, error);
  }

  /** The full record of a real PE file: the demo sample with indicator strings. */
  private static SampleRecord beacon() throws IOException {
    Path file = null;
    for (Path p = Paths.get("").toAbsolutePath(); p != null && file == null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("demo/beacon64.exe"))) {
        file = p.resolve("demo/beacon64.exe");
      }
    }
    byte[] data = Files.readAllBytes(file);
    SampleBytes bytes = new SampleBytes(data, data.length);
    return SampleExtractor.extract(
        bytes, Digests.sha256(data, data.length), file.toString(), ExtractionSettings.defaults());
  }

  @Test
  public void sqlite() throws Exception {
    try (TestDatabases.TestDatabase db = TestDatabases.sqlite()) {
      exercise(db.config());
    }
  }

  @Test
  public void postgres() throws Exception {
    try (TestDatabases.TestDatabase db = TestDatabases.postgres()) {
      exercise(db.config());
    }
  }

  @Test
  public void v4DropsTheFailuresOfPathsThatAreStoredSqlite() throws Exception {
    try (TestDatabases.TestDatabase db = TestDatabases.sqlite()) {
      pathsInBothTablesAreRepaired(db.config());
    }
  }

  @Test
  public void v4DropsTheFailuresOfPathsThatAreStoredPostgres() throws Exception {
    try (TestDatabases.TestDatabase db = TestDatabases.postgres()) {
      pathsInBothTablesAreRepaired(db.config());
    }
  }

  /** A V3 database where a known path kept its old failure: V4 removes that failure. */
  private static void pathsInBothTablesAreRepaired(DatabaseConfig config) throws Exception {
    Flyway.configure().dataSource(DataSources.writer(config))
        .locations(config.dialect().migrationLocation()).target("3").load().migrate();
    DataSource ds = DataSources.writer(config);
    // The V3 shape of a stored sample (today's statement writes columns of later versions).
    write(ds, "INSERT INTO samples (sha256, sha1, md5, size, entropy, extractor_version)"
        + " VALUES (?, 'cd', 'ef', 42, 3.5, 2)", s -> s.setString(1, SHA));
    write(ds, "INSERT INTO sample_paths (sha256, path) VALUES (?, ?)", s -> {
      s.setString(1, SHA);
      s.setString(2, "/known.exe");
    });
    for (String path : List.of("/known.exe", "/other.exe")) {
      write(ds, SampleRows.UPSERT_FAILURE, s -> SampleRows.bindFailure(
          new Failure(path, Stage.READ, "IOException", "old"), s));
    }
    assertEquals(1, Flyway.configure().dataSource(ds).locations(config.dialect()
        .migrationLocation()).target("4").load().migrate().migrationsExecuted);
    assertEquals("1", scalar(ds, "SELECT count(*) FROM failures"));
    assertEquals("/other.exe", scalar(ds, "SELECT path FROM failures"));
  }

  private static void exercise(DatabaseConfig config) throws SQLException, IOException {
    assertEquals(migrationFiles(config), Migrations.migrate(config).migrationsExecuted);
    assertEquals("a second migrate changes nothing", 0, Migrations.migrate(config).migrationsExecuted);
    DataSource ds = DataSources.writer(config);

    write(ds, SampleRows.UPSERT_FAILURE, s -> SampleRows.bindFailure(
        new Failure("/a.exe", Stage.READ, "IOException", "flaky\0disk"), s));
    assertEquals("flaky\\x00disk", scalar(ds, "SELECT message FROM failures"));

    insert(ds, config, sample("/a.exe", "PE32", null));
    insert(ds, config, sample("/a.exe", "PE32", null));
    insert(ds, config, sample("/b.exe", "PE32+", new StageError(Stage.PE, "bad")));
    // A known sample's new path that failed before (unreadable then): the failure goes.
    write(ds, SampleRows.UPSERT_FAILURE, s -> SampleRows.bindFailure(
        new Failure("/c.exe", Stage.READ, "IOException", "was unreadable"), s));
    assertEquals("1", scalar(ds, "SELECT count(*) FROM failures"));
    write(ds, SampleRows.INGEST_PATH, s -> SampleRows.bindPath(new SamplePath(SHA, "/c.exe"), s));
    write(ds, SampleRows.INGEST_PATH, s -> SampleRows.bindPath(new SamplePath(SHA, "/c.exe"), s));
    assertEquals("a known path drops its old failure", "0", scalar(ds,
        "SELECT count(*) FROM failures f JOIN sample_paths p ON p.path = f.path"));

    assertEquals("1", scalar(ds, "SELECT count(*) FROM samples"));
    assertEquals("an upsert keeps the newest values", "PE32+", scalar(ds, "SELECT magic FROM samples"));
    assertEquals("pe", scalar(ds, "SELECT error_stage FROM samples"));
    assertEquals("3", scalar(ds, "SELECT count(*) FROM sample_paths"));
    assertEquals("a stored path drops its old failure", "0", scalar(ds, "SELECT count(*) FROM failures"));
    assertTrue(KnownSamples.isStored(DataSources.reader(config), SHA));
    assertFalse(KnownSamples.isStored(DataSources.reader(config), "00".repeat(32)));
    assertEquals(SHA, KnownSamples.byMd5(DataSources.reader(config), "ef".repeat(16), 42));
    assertNull("the size must match too", KnownSamples.byMd5(DataSources.reader(config), "ef".repeat(16), 43));
    assertNull(KnownSamples.byMd5(DataSources.reader(config), "00".repeat(16), 42));

    write(ds, SampleRows.UPSERT_FAILURE, s -> SampleRows.bindFailure(
        new Failure("/d.7z", Stage.ARCHIVE, "ArchiveException", "wrong password"), s));
    write(ds, SampleRows.DELETE_FAILURE, s -> s.setString(1, "/d.7z"));
    assertEquals("0", scalar(ds, "SELECT count(*) FROM failures"));

    SampleRecord pe = beacon();
    assertNull(pe.error());
    insert(ds, config, pe);
    String key = " WHERE sha256 = '" + pe.sha256() + "'";
    assertEquals(pe.pe().imphash(), scalar(ds, "SELECT imphash FROM samples" + key));
    assertEquals(pe.tlsh(), scalar(ds, "SELECT tlsh FROM samples" + key));
    assertEquals(
        String.valueOf(pe.pe().sections().size()), scalar(ds, "SELECT count(*) FROM pe_sections" + key));
    assertEquals(
        String.valueOf(pe.pe().imports().size()), scalar(ds, "SELECT count(*) FROM pe_imports" + key));
    assertEquals(
        String.valueOf(pe.strings().items().size()),
        scalar(ds, "SELECT count(*) FROM sample_strings" + key));
    assertEquals(
        ".text", scalar(ds, "SELECT name FROM pe_sections" + key + " AND \"index\" = 0"));
    assertEquals("the view gives back every item of the record", itemsOf(pe), storedItems(ds, pe));
    String url = "http://update.example.com/merc-demo/gate.php";
    assertEquals(
        pe.sha256(),
        scalar(ds, "SELECT DISTINCT sha256 FROM sample_strings WHERE value = '" + url + "'"));
    // An md5 collision of equal size: the md5 no longer tells which sample a file is.
    insert(ds, config, new SampleRecord("12".repeat(32), "34".repeat(20), "ef".repeat(16), 42, 1.0,
        "data", "application/octet-stream", List.of("/collides.bin"), null, null, null, null, null,
        null, null));
    assertNull(KnownSamples.byMd5(DataSources.reader(config), "ef".repeat(16), 42));
    if (config.dialect() == Dialect.POSTGRESQL) {
      // the indexed form of the same question: the keys Java stored must be the SQL function's
      String indexed = "SELECT count(*) FROM samples WHERE string_keys @> ARRAY[merc_string_key('%s')]";
      assertEquals("1", scalar(ds, String.format(indexed, url)));
      assertEquals("0", scalar(ds, String.format(indexed, url + "/not-there")));
    }

    // Values the stored JSON has to escape, and a kept UTF-16LE item with tags.
    SampleRecord odd = withItems(pe, List.of(
        new FoundString(7, StringEncoding.ASCII, "say \"hi\"\tC:\\x\\y", Set.of()),
        new FoundString(99, StringEncoding.UTF16LE, "http://a.example.com/x",
            EnumSet.of(StringTag.URL, StringTag.DOMAIN))));
    insert(ds, config, odd);
    assertEquals(itemsOf(odd), storedItems(ds, odd));
  }

  /** The record's items as offset|encoding|value|tags lines, in record order. */
  private static List<String> itemsOf(SampleRecord r) {
    List<String> lines = new ArrayList<>();
    for (FoundString f : r.strings().items()) {
      StringBuilder tags = new StringBuilder();
      f.tags().forEach(t -> tags.append(tags.length() == 0 ? "" : ",").append(t.json()));
      lines.add(f.offset() + "|" + f.encoding().json() + "|" + f.value() + "|" + tags);
    }
    return lines;
  }

  /** The same lines read back through the sample_strings view. */
  private static List<String> storedItems(DataSource ds, SampleRecord r) throws SQLException {
    List<String> lines = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT \"offset\", encoding, value, tags"
            + " FROM sample_strings WHERE sha256 = ?"
            + " ORDER BY CASE encoding WHEN 'ascii' THEN 0 ELSE 1 END, \"offset\"")) {
      s.setString(1, r.sha256());
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          String tags = rs.getString(4).replaceAll("[\\[\\]\" ]", "");
          lines.add(rs.getLong(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + tags);
        }
      }
    }
    return lines;
  }

  private static SampleRecord withItems(SampleRecord r, List<FoundString> items) {
    ExtractedStrings st = r.strings();
    return new SampleRecord("12".repeat(32), r.sha1(), r.md5(), r.size(), r.entropy(), r.magic(),
        r.mime(), r.paths(), r.ssdeep(), r.tlsh(), r.byteHistogram(), r.byteEntropyHistogram(),
        r.pe(), new ExtractedStrings(st.minLength(), 1, 1, true, st.tagCounts(), items), null);
  }

  /** Every migration of the dialect runs on a fresh database. */
  private static int migrationFiles(DatabaseConfig config) throws IOException {
    String folder = config.dialect().migrationLocation().replaceFirst("^classpath:", "");
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(
        java.nio.file.Paths.get(java.net.URI.create(
            SampleRowsTest.class.getClassLoader().getResource(folder).toString())))) {
      return (int) files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
    }
  }

  private static void insert(DataSource ds, DatabaseConfig config, SampleRecord r)
      throws SQLException {
    Dialect d = config.dialect();
    write(ds, SampleRows.insertSample(d), s -> SampleRows.bindSample(r, s, d));
  }

  private interface Binder {
    void bind(PreparedStatement s) throws SQLException;
  }

  private static void write(DataSource ds, String sql, Binder binder) throws SQLException {
    try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      c.setAutoCommit(false);
      binder.bind(s);
      s.addBatch();
      s.executeBatch();
      c.commit();
    }
  }

  private static String scalar(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
