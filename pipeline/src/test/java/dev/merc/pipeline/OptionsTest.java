package dev.merc.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.merc.schema.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** A bad option costs one line that names it, and exit code 2, before any work starts. */
public class OptionsTest {

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private MercRun assertRejected(String option, String... args) throws Exception {
    MercRun run = MercRun.of(args);
    assertEquals(run.stderr, MercMain.EXIT_BAD_OPTION, run.exitCode);
    String line = run.stderr.strip();
    assertTrue(line, line.startsWith("merc: "));
    assertTrue(line, line.contains(option));
    assertEquals("one line: " + line, 1, line.lines().filter(l -> l.startsWith("merc:")).count());
    return run;
  }

  private String db() {
    return "--jdbcUrl=jdbc:sqlite:" + tmp.getRoot().toPath().resolve("merc.db");
  }

  private String input() throws Exception {
    Path f = tmp.newFile("a.exe").toPath();
    Files.writeString(f, "MZ");
    return "--input=" + f;
  }

  @Test
  public void missingInput() throws Exception {
    assertRejected("--input", db());
  }

  @Test
  public void inputThatMatchesNothing() throws Exception {
    assertRejected("--input: no file matches", "--input=" + tmp.getRoot() + "/nope/*.exe", db());
  }

  @Test
  public void negativeLimit() throws Exception {
    assertRejected("--maxSampleBytes", input(), db(), "--maxSampleBytes=-1");
  }

  @Test
  public void unsupportedDatabase() throws Exception {
    assertRejected("--jdbcUrl", input(), "--jdbcUrl=jdbc:mysql://localhost/merc");
  }

  @Test
  public void unreachableDatabase() throws Exception {
    assertRejected("--jdbcUrl: cannot connect", input(), "--jdbcUrl=jdbc:postgresql://127.0.0.1:1/merc");
  }

  @Test
  public void notANumber() throws Exception {
    assertRejected("jdbcPoolSize", input(), db(), "--jdbcPoolSize=many");
  }

  @Test
  public void unknownOption() throws Exception {
    assertRejected("colour", input(), db(), "--colour=red");
  }

  @Test
  public void missingArchive() throws Exception {
    assertRejected("--input: no file matches", "--input=" + tmp.getRoot() + "/nope.7z", db());
  }

  @Test
  public void archivesOnAClusterNeedATempLocationEveryWorkerSees() throws Exception {
    Path zip = tmp.getRoot().toPath().resolve("a.zip");
    try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new java.util.zip.ZipEntry("a.exe"));
      out.write("MZ".getBytes());
    }
    String runner = "--runner=" + ClusterRunner.class.getName();
    MercRun run = assertRejected("--tempLocation: must be given to read archives on ClusterRunner",
        "--input=" + zip, db(), runner);
    assertTrue(run.stderr, run.stderr.contains("every worker can see"));
    // With one, the checks pass and the (stand-in) runner is reached.
    MercRun given = MercRun.of("--input=" + zip, db(), runner,
        "--tempLocation=" + tmp.newFolder("shared"));
    assertTrue(given.stderr, given.stderr.contains(ClusterRunner.REACHED));
    // Plain files need no spool folder.
    assertTrue(MercRun.of(input(), db(), runner).stderr.contains(ClusterRunner.REACHED));
  }

  @Test
  public void jsonOutputThatIsAFile() throws Exception {
    Path file = tmp.newFile("out.json").toPath();
    assertRejected("--jsonOutput: " + file + " is not a directory", input(), db(),
        "--jsonOutput=" + file);
  }

  @Test
  public void jsonOutputThatCannotBeMade() throws Exception {
    Path file = tmp.newFile("taken").toPath();
    assertRejected("--jsonOutput: cannot write to the directory " + file.resolve("json"),
        input(), db(), "--jsonOutput=" + file.resolve("json"));
  }

  @Test
  public void jsonOutputIsMadeWhenMissing() throws Exception {
    Path json = tmp.getRoot().toPath().resolve("new/json");
    MercRun run = MercRun.of(input(), db(), "--jsonOutput=" + json, "--progress=false");
    assertEquals(run.stderr, 0, run.exitCode);
    assertTrue(Files.isDirectory(json));
  }

  @Test
  public void aReadOnlySqliteFile() throws Exception {
    // Root ignores file modes, so the file is opened read-only instead (SQLITE_OPEN_READONLY).
    Path file = tmp.newFile("readonly.db").toPath();
    String url = "jdbc:sqlite:" + file + "?open_mode=1";
    String input = input();
    MercRun run = assertRejected("--jdbcUrl: cannot write to " + url, input, "--jdbcUrl=" + url);
    assertTrue(run.stderr, run.stderr.contains("readonly database"));
    // A current schema, then read-only: the check still stops Merc before the run.
    String writable = "jdbc:sqlite:" + file;
    assertEquals(0, MercRun.of(input, "--jdbcUrl=" + writable, "--progress=false").exitCode);
    assertRejected("--jdbcUrl: cannot write to " + url, input, "--jdbcUrl=" + url,
        "--initSchema=false");
  }

  @Test
  public void aPostgresUserWithoutCreate() throws Exception {
    try (TestDatabases.TestDatabase db = TestDatabases.postgres()) {
      String role = "merc_nocreate_" + Long.toHexString(System.nanoTime());
      String admin = "jdbc:postgresql://" + TestDatabases.POSTGRES_HOST + "/postgres";
      String adminUser = System.getenv().getOrDefault("MERC_TEST_PGUSER", "postgres");
      try (Connection c = DriverManager.getConnection(admin, adminUser, null);
          Statement s = c.createStatement()) {
        s.execute("CREATE ROLE " + role + " LOGIN");
      }
      try (Connection c = DriverManager.getConnection(db.config().jdbcUrl(), adminUser, null);
          Statement s = c.createStatement()) {
        s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
      }
      try {
        String input = input();
        MercRun run = assertRejected("--jdbcUrl: cannot create or migrate the schema in "
            + db.config().jdbcUrl(), input, "--jdbcUrl=" + db.config().jdbcUrl(),
            "--jdbcUsername=" + role);
        assertTrue(run.stderr, run.stderr.contains("permission denied"));
      } finally {
        db.close();
        try (Connection c = DriverManager.getConnection(admin, adminUser, null);
            Statement s = c.createStatement()) {
          s.execute("DROP ROLE " + role);
        }
      }
    }
  }

  @Test
  public void unreadableLabels() throws Exception {
    assertRejected("--labelsCsv: cannot read", input(), db(),
        "--labelsCsv=" + tmp.getRoot() + "/no.csv");
  }

  @Test
  public void labelsThatAreNotTheDatasetsCsv() throws Exception {
    Path csv = Files.writeString(tmp.getRoot().toPath().resolve("other.csv"), "name,value\nx,1\n");
    assertRejected("--labelsCsv: " + csv + ": no column id", input(), db(), "--labelsCsv=" + csv);
  }

  @Test
  public void queueLimitsMustBePositive() throws Exception {
    assertRejected("--queueMaxInFlight: must be at least 1", db(), "--queueStream=merc:q",
        "--queueMaxInFlight=0");
    assertRejected("--queueMaxDeliveries: must be at least 1", db(), "--queueStream=merc:q",
        "--queueMaxDeliveries=0");
  }

  @Test
  public void watchedFolderMayBeEmptyButMustExist() throws Exception {
    assertRejected("--input: no file matches", "--input=" + tmp.getRoot() + "/nope", db(),
        "--watch=1s");
  }
}
