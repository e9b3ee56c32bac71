package dev.merc.transforms;

import dev.merc.core.archive.ArchiveFormat;
import dev.merc.core.archive.ArchiveReader;
import dev.merc.core.archive.EntrySelector;
import dev.merc.core.extract.SampleTooLargeException;
import dev.merc.core.record.Failure;
import dev.merc.core.record.Stage;
import dev.merc.core.text.SafeText;
import dev.merc.schema.DataSources;
import dev.merc.schema.SampleRows;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.util.MimeTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one archive once, in order, and spools every selected entry to its own file in Merc's
 * spool folder, handing on a small {@link SampleFile} for it; the costly extraction happens later,
 * in parallel. Used from a DoFn: batch runs ({@link SpoolArchiveEntriesFn}) and the work queue.
 *
 * <p>Accounting: each selected entry counts as one matched file and ends as a sample or a
 * failures row. An archive that cannot be read to its end adds one more matched file, its own
 * failures row (stage {@code archive}); an entry that was being read when it failed gets a row
 * of its own too ({@code archive!entry}, stage {@code archive}), and the entries spooled before
 * the failure still go on to be stored. An archive read to its end clears its own failures row
 * of an earlier run.
 */
public final class ArchiveSpooler implements Serializable {

  private static final Logger LOG = LoggerFactory.getLogger(ArchiveSpooler.class);
  private static final int BUFFER = 1 << 16;

  private final ArchiveSettings settings;
  private final Counter files = MercMetrics.counter(MercMetrics.MATCHED_FILES);
  private final Counter bytes = MercMetrics.counter(MercMetrics.MATCHED_BYTES);
  private final Counter archives = MercMetrics.counter("archives");

  public ArchiveSpooler(ArchiveSettings settings) {
    this.settings = settings;
  }

  /** The entries that {@code --archiveEntryGlob} selects. */
  public EntrySelector selector() {
    return new EntrySelector(settings.entryGlob());
  }

  /**
   * Spools the selected entries of one archive.
   *
   * @return how many entries were selected, or -1 when the archive could not be read to its end
   *     (its failure was then handed on too)
   */
  public long spool(ResourceId archive, EntrySelector selector, Consumer<SampleFile> out) {
    archives.inc();
    String name = archive.toString();
    ResourceId folder = FileSystems.matchNewResource(settings.spoolRoot(), true)
        .resolve(SpoolFolder.PREFIX + UUID.randomUUID(), StandardResolveOptions.RESOLVE_DIRECTORY);
    long[] n = {0};
    try {
      try (ReadableByteChannel channel = FileSystems.open(archive)) {
        if (!(channel instanceof SeekableByteChannel seekable)) {
          throw new IOException(
              "archive " + name + " cannot be read: its filesystem is not seekable");
        }
        ArchiveReader.read(
            ArchiveFormat.of(name).orElseThrow(), seekable, name, settings.password(), selector,
            (entry, size, data) -> {
              String path = name + "!" + entry;
              files.inc();
              SampleFile spooled;
              try {
                spooled = spoolEntry(folder, ++n[0], path, size, data);
              } catch (IOException | RuntimeException e) {
                // The entry is counted, so it ends as a row of its own, before the archive's.
                out.accept(SampleFile.failed(Failure.of(path, Stage.ARCHIVE, e), 0));
                throw e;
              }
              out.accept(spooled);
            });
      }
    } catch (IOException | RuntimeException e) {
      // One row for the archive; what was spooled before the failure still goes on.
      LOG.error("merc: {}", e.getMessage());
      files.inc();
      out.accept(SampleFile.failed(Failure.of(name, Stage.ARCHIVE, e), 0));
      return -1;
    } finally {
      try {
        SpoolFolder.finish(folder.toString());
      } catch (IOException e) {
        // A leftover spool folder wastes disk but loses nothing.
      }
    }
    clearOldFailure(name);
    return n[0];
  }

  /**
   * An archive that failed in an earlier run (a wrong password, say) drops that row now; a
   * database that cannot be reached fails the step, for the runner to retry.
   */
  private void clearOldFailure(String name) {
    if (settings.database() == null) {
      return;
    }
    try (Connection c = DataSources.writer(settings.database()).getConnection();
        PreparedStatement delete = c.prepareStatement(SampleRows.DELETE_FAILURE)) {
      delete.setString(1, SafeText.of(name));
      delete.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot clear the old failure of archive " + name, e);
    }
  }

  /** Copies one entry to the spool under the cap; a larger entry becomes a failure instead. */
  private SampleFile spoolEntry(ResourceId folder, long index, String path, long size,
      InputStream data) throws IOException {
    if (size > settings.maxSampleBytes()) {
      bytes.inc(size);
      return SampleFile.failed(Failure.of(path, Stage.READ,
          new SampleTooLargeException(size, settings.maxSampleBytes())), size);
    }
    ResourceId file = folder.resolve(String.format("%010d", index),
        StandardResolveOptions.RESOLVE_FILE);
    long written = 0;
    try {
      written = copy(data, file);
    } catch (IOException | RuntimeException e) {
      SpoolFolder.release(file.toString());
      throw e;
    }
    // Counted as spooled (a declared size may lie), so the done bytes end equal to these.
    bytes.inc(written);
    if (written > settings.maxSampleBytes()) {
      SpoolFolder.release(file.toString());
      return SampleFile.failed(Failure.of(path, Stage.READ,
          new SampleTooLargeException(-1, settings.maxSampleBytes())), written);
    }
    return new SampleFile(file.toString(), path, written, true, null);
  }

  /** Copies at most one byte past the cap: a lying size header or a bomb stops there. */
  private long copy(InputStream data, ResourceId file) throws IOException {
    long written = 0;
    try (WritableByteChannel channel = FileSystems.create(file, MimeTypes.BINARY);
        OutputStream sink = Channels.newOutputStream(channel)) {
      byte[] buf = new byte[BUFFER];
      int r;
      while ((r = data.read(buf, 0, (int) Math.min(buf.length,
          settings.maxSampleBytes() + 1 - written))) > 0) {
        sink.write(buf, 0, r);
        written += r;
        if (written > settings.maxSampleBytes()) {
          break;
        }
      }
    }
    return written;
  }
}
