package dev.merc.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.merc.schema.DatabaseConfig;
import dev.merc.schema.TestDatabases;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.lingala.zip4j.io.outputstream.ZipOutputStream;
import net.lingala.zip4j.model.ZipParameters;
import net.lingala.zip4j.model.enums.AesKeyStrength;
import net.lingala.zip4j.model.enums.EncryptionMethod;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The real dataset's shape, small: an AES-256 7z with encrypted headers (as made by 7z) holding
 * {@code set/samples/<id>} files (three demo PE files and a text file) and the label CSV, run
 * through Merc's main with the labels of the dataset's CSV format joined; wrong passwords (also
 * on plain headers), and an archive that breaks mid-run, with the accounting of each.
 */
public class ArchiveEndToEndTest {

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static final String HEADER =
      "id,md5,sha1,sha256,total,positives,list,filetype,submitted,user_id,length,entropy";

  private Path archive() throws Exception {
    return archive("dataset.7z", true);
  }

  /** The dataset's shape as 7z makes it; without {@code -mhe} the entry names are not encrypted. */
  private Path archive(String name, boolean encryptHeaders) throws Exception {
    Path src = tmp.newFolder(encryptHeaders ? "src" : "src-" + name).toPath();
    Path samples = Files.createDirectories(src.resolve("set/samples"));
    Path demo = EndToEndTest.demo();
    Files.copy(demo.resolve("hello64.exe"), samples.resolve("1"));
    Files.copy(demo.resolve("hello32.exe"), samples.resolve("2"));
    Files.copy(demo.resolve("beacon64.exe"), samples.resolve("3"));
    Files.writeString(samples.resolve("4"), "not a PE\n");
    Files.writeString(src.resolve("set/samples.csv"), HEADER + "\n");
    return SevenZip.aes(tmp.getRoot().toPath().resolve(name), src, "set", "infected",
        encryptHeaders);
  }

  /** One CSV row for a demo file, as the dataset writes it (quoted id), with chosen lies. */
  private static String row(String id, Path file, String sha256Override, long lengthDelta,
      double entropyDelta, int positives, String list, String imphash) throws Exception {
    byte[] b = Files.readAllBytes(file);
    String sha256 = sha256Override != null ? sha256Override : hex("SHA-256", b);
    return String.join(",", "\"" + id + "\"", hex("MD5", b), hex("SHA-1", b), sha256, "70",
        String.valueOf(positives), list, "Win32 EXE", "2018-04-12 03:01:55", "\"1402\"",
        String.valueOf(b.length + lengthDelta), String.valueOf(entropy(b) + entropyDelta))
        + (imphash == null ? "" : "," + imphash);
  }

  private Path labels(String name, List<String> rows, boolean augmented) throws Exception {
    List<String> lines = new ArrayList<>();
    lines.add(HEADER + (augmented ? ",imphash" : ""));
    lines.addAll(rows);
    return Files.write(tmp.getRoot().toPath().resolve(name), lines);
  }

  @Test
  public void sqlite() throws Exception {
    String url = "jdbc:sqlite:" + tmp.getRoot().toPath().resolve("merc.db");
    run(url, null);
  }

  @Test
  public void postgres() throws Exception {
    try (TestDatabases.TestDatabase db = TestDatabases.postgres()) {
      DatabaseConfig c = db.config();
      run(c.jdbcUrl(), c.username());
    }
  }

  private void run(String url, String user) throws Exception {
    Path archive = archive();
    Path plainHeaders = archive("plain-headers.7z", false);
    Path spool = tmp.newFolder("spool").toPath();
    List<String> base = new ArrayList<>(List.of("--jdbcUrl=" + url, "--progress=false",
        "--filesPerGroup=2", "--tempLocation=" + spool));
    if (user != null) {
      base.add("--jdbcUsername=" + user);
    }

    // A wrong or missing password stops Merc before the run, with one line naming both. With
    // plain headers the names are readable: the probe has to decode the first entry to tell.
    assertBadPassword(with(base, "--input=" + archive, "--archivePassword=wrong"), archive,
        "cannot be decoded: wrong password");
    assertBadPassword(with(base, "--input=" + plainHeaders, "--archivePassword=wrong"),
        plainHeaders, "cannot be decoded: wrong password");
    assertBadPassword(with(base, "--input=" + archive), archive, "is encrypted");
    base.add("--input=" + archive);

    // The right one: four samples (the CSV inside the archive is not one), named archive!entry.
    MercRun first = MercRun.of(with(base, "--archivePassword=infected"));
    assertEquals(first.stderr, 0, first.exitCode);
    assertEquals(first.summary(), "files 4, stored 4, duplicates 0, failures 0, adds up",
        accounting(first.summary()));
    assertEquals("no failures row", 0, MercRun.count(url, user, "SELECT count(*) FROM failures"));
    assertEquals("the run's spool folder is gone", List.of(), list(spool));
    assertEquals(4, MercRun.count(url, user, "SELECT count(*) FROM sample_paths WHERE path LIKE '"
        + archive + "!set/samples/_'"));
    assertEquals(3, MercRun.count(url, user, "SELECT count(*) FROM samples WHERE pe IS NOT NULL"));

    // Labels in samples-augmented.csv's format: 1 agrees, 2 and 3 disagree, 999 is missing.
    Path src = tmp.getRoot().toPath().resolve("src/set/samples");
    String imphash1 = query(url, user, "SELECT s.imphash FROM samples s JOIN sample_paths p"
        + " ON p.sha256 = s.sha256 WHERE p.path LIKE '%!set/samples/1'");
    Path csv = labels("samples-augmented.csv", List.of(
        row("1", src.resolve("1"), null, 0, 0, 0, "Whitelist", imphash1),
        row("2", src.resolve("2"), "0".repeat(64), 0, 0, 3, "Whitelist", ""),
        row("3", src.resolve("3"), null, 1, 0.5, 40, "Blacklist", "ffffffffffffffffffffffffffffffff"),
        "\"999\"," + "a".repeat(32) + "," + "b".repeat(40) + "," + "c".repeat(64)
            + ",70,12,Blacklist,Win32 EXE,2018-04-12 03:01:55,1402,1000,5.5,"), true);
    MercRun second = MercRun.of(with(base, "--archivePassword=infected", "--labelsCsv=" + csv));
    assertEquals(second.stderr, 0, second.exitCode);
    assertEquals(second.summary(), "files 4, stored 0, duplicates 4, failures 0, adds up",
        accounting(second.summary()));
    assertEquals(4, MercRun.count(url, user, "SELECT count(*) FROM labels"));
    assertEquals("benign", query(url, user, "SELECT label FROM labels WHERE id = '1'"));
    assertEquals("Blacklist|malicious", query(url, user,
        "SELECT list || '|' || label FROM labels WHERE id = '3'"));

    // Features with labels: joined by sha256, so 1 and 3 (2's CSV sha256 is wrong).
    assertEquals("1 benign PE32+|3 malicious PE32+", query(url, user,
        "SELECT l.id || ' ' || l.label || ' ' || substr(s.magic, 1, 5) FROM sample_labels l"
            + " JOIN samples s ON s.sha256 = l.sha256 ORDER BY l.id"));

    // Reconciliation: what disagrees, per sample present; 1 agrees, 999 is not present.
    assertEquals("2 sha256 noisy|3 size entropy imphash", query(url, user,
        "SELECT id"
            + " || CASE WHEN sha256_differs THEN ' sha256' ELSE '' END"
            + " || CASE WHEN size_differs THEN ' size' ELSE '' END"
            + " || CASE WHEN entropy_differs THEN ' entropy' ELSE '' END"
            + " || CASE WHEN imphash_differs THEN ' imphash' ELSE '' END"
            + " || CASE WHEN noisy_label THEN ' noisy' ELSE '' END"
            + " FROM label_mismatches ORDER BY id"));
  }

  @Test
  public void aFailedArchiveLeavesNoStaleRowsSqlite() throws Exception {
    noStaleRows("jdbc:sqlite:" + tmp.getRoot().toPath().resolve("stale.db"), null);
  }

  @Test
  public void aFailedArchiveLeavesNoStaleRowsPostgres() throws Exception {
    try (TestDatabases.TestDatabase db = TestDatabases.postgres()) {
      noStaleRows(db.config().jdbcUrl(), db.config().username());
    }
  }

  /**
   * A zip cut inside its third entry, then the whole zip at the same path. The first run stores
   * the two entries before the cut and writes rows for the cut entry and for the archive; the
   * second reads the zip to its end, which clears the archive's row, and the third entry (the
   * first's bytes again, so a known sample now) drops its row as its path is recorded.
   */
  private void noStaleRows(String url, String user) throws Exception {
    Path demo = EndToEndTest.demo();
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("set/samples/1", Files.readAllBytes(demo.resolve("hello64.exe")));
    entries.put("set/samples/2", Files.readAllBytes(demo.resolve("hello32.exe")));
    entries.put("set/samples/3", Files.readAllBytes(demo.resolve("hello64.exe")));
    entries.put("set/samples/4", "not a PE\n".getBytes(StandardCharsets.UTF_8));
    Path whole = tmp.getRoot().toPath().resolve("whole.zip");
    try (OutputStream file = Files.newOutputStream(whole);
        ZipOutputStream zip = new ZipOutputStream(file, "infected".toCharArray())) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        ZipParameters p = new ZipParameters();
        p.setFileNameInZip(e.getKey());
        p.setEncryptFiles(true);
        p.setEncryptionMethod(EncryptionMethod.AES);
        p.setAesKeyStrength(AesKeyStrength.KEY_STRENGTH_256);
        zip.putNextEntry(p);
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    byte[] bytes = Files.readAllBytes(whole);
    int third = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("set/samples/3");
    Path archive = tmp.getRoot().toPath().resolve("cut.zip");
    Files.write(archive, java.util.Arrays.copyOf(bytes, third + 2_000));
    // A DirectRunner run that crashed left its spool folder behind: the next run removes it.
    Path spool = tmp.newFolder("spool").toPath();
    Path crashed = Files.createDirectories(spool.resolve("merc-spool-crashed/archive-a"));
    Files.writeString(crashed.resolve("0000000001"), "spooled, never extracted");
    Files.writeString(crashed.getParent().resolve(RunSpool.LOCK), RunSpool.IN_LAUNCHER);
    List<String> args = new ArrayList<>(List.of("--input=" + archive, "--jdbcUrl=" + url,
        "--progress=false", "--archivePassword=infected", "--tempLocation=" + spool));
    if (user != null) {
      args.add("--jdbcUsername=" + user);
    }

    MercRun cut = MercRun.of(args.toArray(String[]::new));
    assertEquals(cut.stderr, 0, cut.exitCode);
    assertEquals(cut.summary(), "files 4, stored 2, duplicates 0, failures 2, adds up",
        accounting(cut.summary()));
    assertEquals(archive + "|" + archive + "!set/samples/3",
        query(url, user, "SELECT path FROM failures WHERE stage = 'archive' ORDER BY path"));
    assertTrue(cut.stderr, cut.stderr.contains("removed the spool folders of earlier runs: ["
        + crashed.getParent() + "]"));
    assertEquals("the run removed its own spool folder, and the crashed one", List.of(),
        list(spool));

    Files.copy(whole, archive, StandardCopyOption.REPLACE_EXISTING);
    MercRun full = MercRun.of(args.toArray(String[]::new));
    assertEquals(full.stderr, 0, full.exitCode);
    assertEquals(full.summary(), "files 4, stored 1, duplicates 3, failures 0, adds up",
        accounting(full.summary()));
    assertEquals("no failures row is left", "",
        query(url, user, "SELECT path FROM failures ORDER BY path"));
    assertEquals(4, MercRun.count(url, user, "SELECT count(*) FROM sample_paths"));
    assertEquals(List.of(), list(spool));
  }

  private static List<Path> list(Path dir) throws java.io.IOException {
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }

  /** Exit code 2 before any work, and one line that names --archivePassword and the archive. */
  private static void assertBadPassword(String[] args, Path archive, String reason)
      throws Exception {
    MercRun run = MercRun.of(args);
    assertEquals(run.stderr, MercMain.EXIT_BAD_OPTION, run.exitCode);
    List<String> lines = run.stderr.lines().filter(l -> l.startsWith("merc:")).toList();
    assertEquals(run.stderr, 1, lines.size());
    assertTrue(lines.get(0), lines.get(0).startsWith(
        "merc: --archivePassword: archive " + archive + " " + reason));
    assertTrue("no run: " + run.stderr, run.stderr.lines().noneMatch(l -> l.startsWith(
        "merc: files ")));
  }

  /** The summary's counts, and whether Merc found that they add up. */
  static String accounting(String summary) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(
        "merc: (files \\d+), bytes \\d+, (stored \\d+, duplicates \\d+, failures \\d+),.*")
        .matcher(summary);
    assertTrue(summary, m.matches());
    return m.group(1) + ", " + m.group(2) + (summary.contains("WARNING") ? ", DOES NOT add up"
        : ", adds up");
  }

  private static String[] with(List<String> base, String... more) {
    List<String> args = new ArrayList<>(base);
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  /** The rows of a one-column query, joined by |. */
  private static String query(String url, String user, String sql) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url, user, null);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
    }
    return String.join("|", rows);
  }

  private static String hex(String algorithm, byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(b));
  }

  private static double entropy(byte[] b) {
    TreeMap<Integer, Integer> counts = new TreeMap<>();
    for (byte x : b) {
      counts.merge(x & 0xff, 1, Integer::sum);
    }
    double h = 0;
    for (int n : counts.values()) {
      double p = (double) n / b.length;
      h -= p * Math.log(p) / Math.log(2);
    }
    return h;
  }
}
