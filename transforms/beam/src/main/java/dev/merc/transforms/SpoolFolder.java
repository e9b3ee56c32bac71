package dev.merc.transforms;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Merc's spool folder for one archive, inside the run's spool folder: entries are written as
 * numbered files (never under their own names, so no entry can write outside it), each deleted
 * once the bundle that extracted it has finished. The folder itself goes when the archive is done
 * and its last file is gone, whichever comes second; the launcher removes the run's folder, with
 * anything left in it, when the run ends.
 */
final class SpoolFolder {

  static final String PREFIX = "archive-";
  static final String DONE = "done";

  private SpoolFolder() {}

  /** Deletes one spooled entry after it was read, then the folder if it is finished and empty. */
  static void release(String resource) {
    try {
      ResourceId id = FileSystems.matchNewResource(resource, false);
      FileSystems.delete(List.of(id), StandardMoveOptions.IGNORE_MISSING_FILES);
      Path local = localPath(resource);
      if (local != null) {
        removeIfDone(local.getParent());
      }
    } catch (IOException | RuntimeException e) {
      // A leftover spool file wastes disk but loses nothing; the record is already made.
    }
  }

  /** Marks the archive read to its end, and removes the folder if every entry is already gone. */
  static void finish(String folder) throws IOException {
    Path local = localPath(folder);
    if (local != null && Files.isDirectory(local)) {
      Files.writeString(local.resolve(DONE), "");
      removeIfDone(local);
    }
  }

  /** Removes {@code folder} if it holds nothing but the done marker. */
  static void removeIfDone(Path folder) throws IOException {
    if (folder == null || !folder.getFileName().toString().startsWith(PREFIX)) {
      return;
    }
    try (Stream<Path> files = Files.list(folder)) {
      if (!files.allMatch(f -> f.getFileName().toString().equals(DONE))) {
        return;
      }
    } catch (NoSuchFileException e) {
      return;
    }
    try {
      Files.deleteIfExists(folder.resolve(DONE));
      Files.deleteIfExists(folder);
    } catch (DirectoryNotEmptyException | NoSuchFileException e) {
      // Another thread got there first, or the spooler wrote the marker meanwhile: it retries.
    }
  }

  /** The local path of a resource spec, or null on another filesystem (objects need no rmdir). */
  private static Path localPath(String resource) {
    if (resource.startsWith("file:")) {
      return Paths.get(java.net.URI.create(resource));
    }
    return resource.contains("://") ? null : Paths.get(resource);
  }
}
