package dev.merc.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The run's spool folder: made and locked, removed at the end, and the sweep of crashed runs. */
public class RunSpoolTest {

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void aRunMakesLocksAndRemovesItsFolder() throws Exception {
    Path root = tmp.getRoot().toPath();
    RunSpool spool = RunSpool.open(root.toString(), "r1", true);
    Path dir = root.resolve("merc-spool-r1");
    assertEquals(dir + "/", spool.folder());
    assertTrue(Files.isRegularFile(dir.resolve(RunSpool.LOCK)));
    Files.createDirectories(dir.resolve("archive-x"));
    Files.writeString(dir.resolve("archive-x/0000000001"), "left by a failed bundle");
    spool.delete();
    assertEquals(List.of(), names(root));
  }

  @Test
  public void theSweepRemovesOnlyTheFoldersOfRunsThatAreOver() throws Exception {
    Path root = tmp.getRoot().toPath();
    Instant old = Instant.now().minus(RunSpool.STALE_AFTER).minus(Duration.ofMinutes(5));
    // A DirectRunner run that crashed a moment ago: its job died with it, so it goes now.
    crashed(root, "merc-spool-direct", RunSpool.IN_LAUNCHER, null);
    // A cluster job whose launcher left: the job may still spool, so it stays until it is old.
    crashed(root, "merc-spool-cluster", "job may outlive the launcher\n", null);
    crashed(root, "merc-spool-cluster-old", "job may outlive the launcher\n", old);
    // Folders of older Merc versions have no lock: by age only.
    crashed(root, "merc-spool-legacy", null, null);
    crashed(root, "merc-spool-legacy-old", null, old);
    crashed(root, "not-merc-old", null, old);
    // A live run in this JVM, even though nothing touched it for long.
    RunSpool live = RunSpool.open(root.toString(), "live", true);
    touch(root.resolve("merc-spool-live"), old);

    RunSpool.sweep(root, root.resolve("merc-spool-none"), Instant.now());

    assertEquals(List.of("merc-spool-cluster", "merc-spool-legacy", "merc-spool-live",
        "not-merc-old"), names(root));
    live.delete();
  }

  @Test
  public void aRunInAnotherProcessKeepsItsFolder() throws Exception {
    Path root = tmp.getRoot().toPath();
    Process holder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Holder.class.getName(), root.toString())
        .redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
      assertEquals("locked", out.readLine());
      touch(root.resolve("merc-spool-other"), Instant.now().minus(Duration.ofDays(2)));

      RunSpool mine = RunSpool.open(root.toString(), "mine", true);
      assertEquals("nothing swept", List.of(), mine.swept());
      assertEquals(List.of("merc-spool-mine", "merc-spool-other"), names(root));
      mine.delete();
    } finally {
      holder.getOutputStream().close();
      assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
    }
    // Once that process is gone, its (DirectRunner) folder goes with the next run's start.
    RunSpool next = RunSpool.open(root.toString(), "next", true);
    assertEquals(List.of(root.resolve("merc-spool-other")), next.swept());
    next.delete();
    assertEquals(List.of(), names(root));
  }

  /** Holds a run's spool folder open in its own JVM until its stdin closes. */
  public static final class Holder {
    public static void main(String[] args) throws Exception {
      RunSpool.open(args[0], "other", true);
      System.out.println("locked");
      System.out.flush();
      System.in.read();
    }
  }

  private static void crashed(Path root, String name, String lock, Instant touched)
      throws Exception {
    Path dir = Files.createDirectories(root.resolve(name).resolve("archive-a"));
    Files.writeString(dir.resolve("0000000001"), "spooled");
    if (lock != null) {
      Files.writeString(root.resolve(name).resolve(RunSpool.LOCK), lock);
    }
    if (touched != null) {
      touch(root.resolve(name), touched);
    }
  }

  private static void touch(Path dir, Instant when) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.toList()) {
        Files.setLastModifiedTime(p, FileTime.from(when));
      }
    }
  }

  private static List<String> names(Path root) throws Exception {
    try (Stream<Path> files = Files.list(root)) {
      Set<String> names = files.map(p -> p.getFileName().toString())
          .collect(Collectors.toCollection(TreeSet::new));
      return List.copyOf(names);
    }
  }
}
