package dev.merc.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.merc.schema.DatabaseConfig;
import dev.merc.schema.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The real dataset's shape, small: an AES-256 7z with encrypted headers (as made by 7z) holding
 * {@code set/samples/<id>} files (three demo PE files and a text file) and the label CSV, run
 * through Merc's main with the labels of the dataset's CSV format joined.
 */
public class ArchiveEndToEndTest {

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static final String HEADER =
      "id,md5,sha1,sha256,total,positives,list,filetype,submitted,user_id,length,entropy";

  private Path archive() throws Exception {
    Path src = tmp.newFolder("src").toPath();
    Path samples = Files.createDirectories(src.resolve("set/samples"));
    Path demo = EndToEndTest.demo();
    Files.copy(demo.resolve("hello64.exe"), samples.resolve("1"));
    Files.copy(demo.resolve("hello32.exe"), samples.resolve("2"));
    Files.copy(demo.resolve("beacon64.exe"), samples.resolve("3"));
    Files.writeString(samples.resolve("4"), "not a PE\n");
    Files.writeString(src.resolve("set/samples.csv"), HEADER + "\n");
    return SevenZip.aes(tmp.getRoot().toPath().resolve("dataset.7z"), src, "set", "infected");
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
    List<String> base = new ArrayList<>(List.of(
        "--input=" + archive, "--jdbcUrl=" + url, "--progress=false", "--filesPerGroup=2"));
    if (user != null) {
      base.add("--jdbcUsername=" + user);
    }

    // Wrong password: one failures row naming the archive, nothing else.
    MercRun wrong = MercRun.of(with(base, "--archivePassword=wrong"));
    assertEquals(wrong.stderr, 0, wrong.exitCode);
    assertTrue(wrong.summary(), wrong.summary().startsWith("merc: files 1, "));
    assertTrue(wrong.summary(), wrong.summary().contains("stored 0, duplicates 0, failures 1, "));
    assertEquals(1, MercRun.count(url, user, "SELECT count(*) FROM failures WHERE stage = 'archive'"
        + " AND path = '" + archive + "' AND message LIKE '%" + archive + "%wrong password%'"));
    assertEquals(0, MercRun.count(url, user, "SELECT count(*) FROM samples"));

    // The right one: four samples (the CSV inside the archive is not one), named archive!entry.
    MercRun first = MercRun.of(with(base, "--archivePassword=infected"));
    assertEquals(first.stderr, 0, first.exitCode);
    assertTrue(first.summary(), first.summary().startsWith("merc: files 4, "));
    assertTrue(first.summary(), first.summary().contains("stored 4, duplicates 0, failures 0, "));
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
    assertTrue(second.summary(), second.summary().contains("stored 0, duplicates 4, failures 0, "));
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
