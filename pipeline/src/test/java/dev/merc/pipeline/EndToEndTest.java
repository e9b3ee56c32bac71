package dev.merc.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.merc.core.record.RecordJson;
import dev.merc.schema.DatabaseConfig;
import dev.merc.schema.TestDatabases;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Merc from the command line to the database: the demo PE files plus a text file, an empty file,
 * a second copy of one PE, and a file nobody can read. Every input must be accounted for, a rerun
 * must change nothing, and the stored magic must be what file(1) says.
 */
public class EndToEndTest {

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  /** The demo PE files plus the one with an odd section name. */
  private static final int DEMO_FILES = 6;

  private Path inputs() throws IOException {
    Path dir = tmp.newFolder("in").toPath();
    Path demo = demo();
    try (Stream<Path> files = Files.list(demo)) {
      for (Path f : files.filter(p -> p.toString().matches(".*\\.(exe|dll)$")).toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    Files.createDirectories(dir.resolve("nested/deeper"));
    Files.copy(demo.resolve("hello64.exe"), dir.resolve("nested/deeper/copy-of-hello64.exe"));
    Files.writeString(dir.resolve("nested/readme.txt"), "plain text, not a PE\n");
    Files.createFile(dir.resolve("empty.bin"));
    Files.createSymbolicLink(dir.resolve("unreadable.exe"), Paths.get("/proc/self/mem"));
    Files.write(dir.resolve("odd-section-name.exe"), withOddSectionName(demo.resolve("hello64.exe")));
    return dir;
  }

  /**
   * The demo program with its first section renamed to bytes that are not text: a NUL, 0xFF and a
   * lone UTF-8 continuation byte. Postgres must still receive valid UTF-8 without NUL.
   */
  static byte[] withOddSectionName(Path pe) throws IOException {
    byte[] b = Files.readAllBytes(pe);
    ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    int coff = le.getInt(0x3c) + 4;
    int firstSection = coff + 20 + (le.getShort(coff + 16) & 0xffff);
    byte[] name = {'.', 't', 0, (byte) 0xff, (byte) 0x80, 'x', 0, 0};
    System.arraycopy(name, 0, b, firstSection, 8);
    return b;
  }

  static Path demo() {
    for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("demo/hello64.exe"))) {
        return p.resolve("demo");
      }
    }
    throw new IllegalStateException("demo/ not found");
  }

  @Test
  public void sqliteDefault() throws Exception {
    Path dir = inputs();
    String url = "jdbc:sqlite:" + tmp.getRoot().toPath().resolve("merc.db");
    Path json = tmp.getRoot().toPath().resolve("json");
    runTwiceAndCheck(dir, url, null, json);
  }

  @Test
  public void postgres() throws Exception {
    Path dir = inputs();
    try (TestDatabases.TestDatabase db = TestDatabases.postgres()) {
      DatabaseConfig c = db.config();
      runTwiceAndCheck(dir, c.jdbcUrl(), c.username(), tmp.getRoot().toPath().resolve("json"));
    }
  }

  /**
   * Two runs into one JSON Lines folder: each run's files carry its own run id, so the sets stay
   * apart whatever their shard counts, and each holds exactly its run's records.
   */
  @Test
  public void jsonLinesOfTwoRunsStayApart() throws Exception {
    Path dir = tmp.newFolder("few").toPath();
    for (String f : List.of("hello64.exe", "hello32.exe", "beacon64.exe")) {
      Files.copy(demo().resolve(f), dir.resolve(f));
    }
    Path json = tmp.getRoot().toPath().resolve("runs");
    String url = "jdbc:sqlite:" + tmp.getRoot().toPath().resolve("runs.db");
    for (String groups : List.of("--filesPerGroup=1", "--filesPerGroup=3")) {
      MercRun run = MercRun.of("--input=" + dir, "--jdbcUrl=" + url, "--jsonOutput=" + json,
          "--progress=false", "--skipKnown=false", groups);
      assertEquals(run.stderr, 0, run.exitCode);
    }
    Map<String, List<Path>> runs = new java.util.TreeMap<>();
    try (Stream<Path> files = Files.list(json)) {
      for (Path f : files.toList()) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
            "samples-(\\d{8}-\\d{6}-[0-9a-f]{4})-(\\d{5})-of-(\\d{5})\\.jsonl")
            .matcher(f.getFileName().toString());
        assertTrue("a run's file: " + f.getFileName(), m.matches());
        runs.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(f);
      }
    }
    assertEquals("two runs, two sets: " + runs, 2, runs.size());
    for (Map.Entry<String, List<Path>> run : runs.entrySet()) {
      List<String> shas = new ArrayList<>();
      for (Path f : run.getValue()) {
        assertTrue(f + " is one of its set", f.getFileName().toString().endsWith(
            String.format("-of-%05d.jsonl", run.getValue().size())));
        for (String line : Files.readAllLines(f)) {
          shas.add(RecordJson.mapper().readTree(line).get("sha256").asText());
        }
      }
      assertEquals("run " + run.getKey() + " holds its three records once", 3,
          new java.util.HashSet<>(shas).size());
      assertEquals(3, shas.size());
    }
  }

  private void runTwiceAndCheck(Path dir, String url, String user, Path json) throws Exception {
    List<String> args = new ArrayList<>(List.of(
        "--input=" + dir, "--jdbcUrl=" + url, "--jsonOutput=" + json, "--progress=false"));
    if (user != null) {
      args.add("--jdbcUsername=" + user);
    }
    int matched = DEMO_FILES + 4;
    int distinct = DEMO_FILES + 2;

    MercRun first = MercRun.of(args.toArray(String[]::new));
    assertEquals(first.stderr, 0, first.exitCode);
    assertTrue(first.summary(), first.summary().startsWith(
        "merc: files " + matched + ", bytes "));
    // Two inputs share their content: the second is a duplicate if the first one's row is
    // committed by the time it is read, else both are extracted and upserted; either is exact.
    java.util.regex.Matcher counts = java.util.regex.Pattern
        .compile("stored (\\d+), duplicates (\\d+), failures 1, ").matcher(first.summary());
    assertTrue(first.summary(), counts.find());
    assertEquals(first.summary(), matched - 1,
        Integer.parseInt(counts.group(1)) + Integer.parseInt(counts.group(2)));
    assertTrue(first.summary(), Integer.parseInt(counts.group(2)) <= matched - 1 - distinct);
    assertEquals(distinct, MercRun.count(url, user, "SELECT count(*) FROM samples"));
    assertEquals(matched - 1, MercRun.count(url, user, "SELECT count(*) FROM sample_paths"));
    assertEquals(1, MercRun.count(url, user,
        "SELECT count(*) FROM failures WHERE stage = 'read' AND path LIKE '%unreadable.exe'"));
    assertMagicAgreesWithFile(dir, url, user);
    assertJsonLines(json, matched - 1);
    assertEquals(
        "the odd section name, escaped as pefile shows such bytes",
        1,
        MercRun.count(url, user, "SELECT count(*) FROM pe_sections WHERE name = '.t\\x00\\xff\\x80x'"));

    List<String> before = MercRun.dump(url, user);
    MercRun second = MercRun.of(args.toArray(String[]::new));
    assertEquals(second.stderr, 0, second.exitCode);
    assertTrue(second.summary(), second.summary().contains(
        "stored 0, duplicates " + (matched - 1) + ", failures 1, "));
    assertEquals("a rerun leaves the same database", before, MercRun.dump(url, user));
  }

  private static void assertMagicAgreesWithFile(Path dir, String url, String user)
      throws Exception {
    Map<String, String> expected = FileCommand.describe(dir);
    if (expected == null) {
      System.err.println("file(1) is not installed: the magic comparison is skipped");
      return;
    }
    Map<String, String> stored = new HashMap<>();
    try (var c = java.sql.DriverManager.getConnection(url, user, null);
        var s = c.createStatement();
        var rs = s.executeQuery(
            "SELECT p.path, s.magic FROM samples s JOIN sample_paths p ON p.sha256 = s.sha256")) {
      while (rs.next()) {
        stored.put(rs.getString(1), rs.getString(2));
      }
    }
    int pe = 0;
    for (Map.Entry<String, String> e : stored.entrySet()) {
      String magic = expected.get(e.getKey());
      if (magic != null && magic.startsWith("PE")) {
        assertEquals(e.getKey(), magic, e.getValue());
        pe++;
      }
    }
    assertEquals(DEMO_FILES + 1, pe);
  }

  private static void assertJsonLines(Path json, int expected) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(json)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
        for (String line : Files.readAllLines(f)) {
          lines.add(RecordJson.mapper().readTree(line));
        }
      }
    }
    assertEquals(expected, lines.size());
    int pe = 0;
    for (JsonNode r : lines) {
      for (String field : List.of("sha256", "sha1", "md5", "size", "entropy", "magic", "mime",
          "paths", "ssdeep", "tlsh", "byte_histogram", "byte_entropy_histogram", "pe", "strings",
          "error")) {
        assertTrue(field + " in " + r, r.has(field));
      }
      assertEquals(64, r.get("sha256").asText().length());
      assertEquals(256, r.get("byte_histogram").size());
      assertEquals(256, r.get("byte_entropy_histogram").size());
      if (!r.get("pe").isNull()) {
        pe++;
        JsonNode optional = r.get("pe").get("optional");
        assertTrue(r.get("pe").has("is_64"));
        assertTrue(optional.has("size_of_code") && optional.has("address_of_entry_point"));
        assertTrue(r.get("pe").get("sections").get(0).has("virtual_address"));
        assertTrue(r.get("strings").get("ascii_count").asLong() > 0);
        assertTrue(r.get("tlsh").asText().matches("T1[0-9A-F]{70}"));
      }
    }
    assertEquals(DEMO_FILES + 1, pe);
  }
}
