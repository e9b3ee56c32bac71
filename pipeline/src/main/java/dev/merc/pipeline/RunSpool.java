package dev.merc.pipeline;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * The spool folder of one run with archive input, {@code ROOT/merc-spool-RUNID/}: the workers
 * spool archive entries into it, and the launcher removes it, with whatever is left in it, once
 * the run has ended. On a local disk the launcher also holds a lock on {@code lock} inside it for
 * as long as it runs, and sweeps the folders of earlier runs that crashed: those whose lock no
 * process holds, if their job ran inside its launcher (the DirectRunner) or nothing has touched
 * them for {@link #STALE_AFTER} (a job on a cluster may outlive its launcher).
 */
final class RunSpool {

  static final String PREFIX = "merc-spool-";
  static final String LOCK = "lock";
  /** What the lock file says when the job runs inside the launcher's JVM and dies with it. */
  static final String IN_LAUNCHER = "job runs in the launcher\n";

  /**
   * An unlocked folder of a cluster job this long untouched belongs to no live run. Its lock alone
   * does not tell: a launcher that does not wait for its job (--waitUntilFinish=false) lets it go
   * early, and the job spools and deletes on without it.
   */
  static final Duration STALE_AFTER = Duration.ofHours(6);

  private final String folder;
  private final Path local;
  private final FileChannel lockFile;
  private final FileLock lock;
  private final List<Path> swept;

  private RunSpool(String folder, Path local, FileChannel lockFile, FileLock lock,
      List<Path> swept) {
    this.folder = folder;
    this.local = local;
    this.lockFile = lockFile;
    this.lock = lock;
    this.swept = swept;
  }

  /**
   * Creates and locks this run's folder under {@code root} and sweeps stale ones beside it.
   *
   * @param inLauncher true when the job runs in this JVM (the DirectRunner), so that once this
   *     process is gone its folder can go at once
   */
  static RunSpool open(String root, String runId, boolean inLauncher) throws IOException {
    String base = root.endsWith("/") ? root : root + "/";
    Path localRoot = localPath(base);
    if (localRoot == null) {
      // An object store: nothing to lock, and a prefix needs no creating.
      return new RunSpool(base + PREFIX + runId + "/", null, null, null, List.of());
    }
    Path dir = Files.createDirectories(localRoot.resolve(PREFIX + runId));
    FileChannel channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    FileLock lock = channel.tryLock();
    if (lock == null) {
      channel.close();
      throw new IOException("spool folder " + dir + " is locked by another process");
    }
    channel.write(java.nio.ByteBuffer.wrap(
        (inLauncher ? IN_LAUNCHER : "job may outlive the launcher\n").getBytes(UTF_8)));
    List<Path> swept = sweep(localRoot, dir, Instant.now());
    return new RunSpool(dir.toString() + "/", dir, channel, lock, swept);
  }

  /** The folder the workers spool into, as a Beam resource spec ending in {@code /}. */
  String folder() {
    return folder;
  }

  /** The stale folders of earlier runs that opening this one removed. */
  List<Path> swept() {
    return swept;
  }

  /** The run ended: removes the folder with everything in it, then lets the lock go. */
  void delete() throws IOException {
    try {
      if (local != null) {
        deleteTree(local);
      } else {
        MatchResult match = FileSystems.match(List.of(folder + "**"), EmptyMatchTreatment.ALLOW)
            .get(0);
        List<ResourceId> files = new ArrayList<>();
        if (match.status() == MatchResult.Status.OK) {
          match.metadata().forEach(m -> files.add(m.resourceId()));
        }
        FileSystems.delete(files, StandardMoveOptions.IGNORE_MISSING_FILES);
      }
    } finally {
      release();
    }
  }

  /** The job goes on without this process: keeps the folder, lets the lock go. */
  void release() throws IOException {
    if (lockFile != null && lockFile.isOpen()) {
      lock.release();
      lockFile.close();
    }
  }

  /**
   * Removes the spool folders under {@code root} (other than {@code keep}) of runs that are over:
   * unlocked, and either of a job that ran in its launcher or untouched since
   * {@code now - STALE_AFTER}. Folders of older Merc versions have no lock and go by age.
   */
  static List<Path> sweep(Path root, Path keep, Instant now) throws IOException {
    List<Path> candidates;
    try (Stream<Path> list = Files.list(root)) {
      candidates = list.filter(p -> p.getFileName().toString().startsWith(PREFIX))
          .filter(p -> !p.equals(keep) && Files.isDirectory(p))
          .toList();
    }
    List<Path> removed = new ArrayList<>();
    for (Path dir : candidates) {
      try {
        if (removeIfOver(dir, lastTouched(dir).isBefore(now.minus(STALE_AFTER)))) {
          removed.add(dir);
        }
      } catch (IOException | RuntimeException e) {
        // Someone else's folder, or one going away meanwhile: leave it.
      }
    }
    return removed;
  }

  /** The newest modification time of the folder, its archives' folders and their files. */
  static Instant lastTouched(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir, 2)) {
      return files.map(p -> {
        try {
          return Files.getLastModifiedTime(p).toInstant();
        } catch (IOException e) {
          return Instant.MIN;
        }
      }).max(Comparator.naturalOrder()).orElse(Instant.MIN);
    }
  }

  /** Takes the folder's lock, if it has one, and removes the folder if its run is over. */
  private static boolean removeIfOver(Path dir, boolean old) throws IOException {
    Path lockPath = dir.resolve(LOCK);
    if (!Files.exists(lockPath)) {
      if (old) {
        deleteTree(dir);
      }
      return old;
    }
    try (FileChannel channel = FileChannel.open(lockPath, StandardOpenOption.WRITE)) {
      FileLock held;
      try {
        held = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        return false; // a run in this JVM
      }
      if (held == null) {
        return false; // a run in another process
      }
      try {
        boolean over = old || Files.readString(lockPath, UTF_8).equals(IN_LAUNCHER);
        if (over) {
          deleteTree(dir);
        }
        return over;
      } finally {
        held.release();
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** The local path of a resource spec, or null on another filesystem. */
  static Path localPath(String resource) {
    if (resource.startsWith("file:")) {
      return Paths.get(URI.create(resource));
    }
    return resource.contains("://") ? null : Paths.get(resource);
  }
}
