package dev.merc.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** A bad option costs one line that names it, and exit code 2, before any work starts. */
public class OptionsTest {

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private void assertRejected(String option, String... args) throws Exception {
    MercRun run = MercRun.of(args);
    assertEquals(run.stderr, MercMain.EXIT_BAD_OPTION, run.exitCode);
    String line = run.stderr.strip();
    assertTrue(line, line.startsWith("merc: "));
    assertTrue(line, line.contains(option));
    assertEquals("one line: " + line, 1, line.lines().filter(l -> l.startsWith("merc:")).count());
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
