package dev.merc.transforms;

import dev.merc.core.extract.Digests;
import dev.merc.core.extract.SampleBytes;
import dev.merc.core.extract.SampleExtractor;
import dev.merc.core.record.Failure;
import dev.merc.core.record.SamplePath;
import dev.merc.core.record.SampleRecord;
import dev.merc.core.record.Stage;
import dev.merc.core.record.StageError;
import dev.merc.core.text.SafeText;
import dev.merc.schema.DataSources;
import dev.merc.schema.KnownSamples;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn.MultiOutputReceiver;

/**
 * What {@link ExtractSamples}' DoFns do with one file: read it into memory once, skip it if its
 * sha256 is already stored, else extract its record. Files are opened as they are (a file named
 * .gz is a sample, not a stream). A spooled archive entry is deleted when its bundle finishes,
 * so that a runner retrying a failed bundle can read it again. One per DoFn instance, made in its
 * setup.
 */
final class FileExtractor {
  private final ExtractSamples.Settings settings;
  private final Counter extracted = MercMetrics.counter(MercMetrics.STORED);
  private final Counter known = MercMetrics.counter(MercMetrics.KNOWN);
  private final Counter failed = MercMetrics.counter(MercMetrics.FAILED);
  private final Counter doneBytes = MercMetrics.counter(MercMetrics.DONE_BYTES);
  private final Counter timedOut = MercMetrics.counter(MercMetrics.TIMED_OUT);
  private final Counter waitedForMemory = MercMetrics.counter(MercMetrics.WAITED_FOR_MEMORY);
  private final DataSource knownSamples;
  private ExecutorService worker = newWorker();
  private final List<String> spooledInBundle = new ArrayList<>();
  /**
   * The last file's bytes, read into again by the next file that fits: most files are small,
   * and allocating an array per file makes the heap grow (large ones are G1's humongous objects).
   * An extraction cut short by its time cap takes it along; one over {@link #KEEP_BYTES} is not
   * kept, so that one huge sample does not pin its size for the rest of the run.
   */
  private byte[] buffer;

  private static final int KEEP_BYTES = 32 << 20;

  FileExtractor(ExtractSamples.Settings settings) {
    this.settings = settings;
    this.knownSamples =
        settings.knownSamples() == null ? null : DataSources.reader(settings.knownSamples());
  }

  void close() {
    worker.shutdownNow();
  }

  /** Deletes the spool files read since the last call: the DoFn's bundle has finished. */
  void releaseSpooled() {
    spooledInBundle.forEach(SpoolFolder::release);
    spooledInBundle.clear();
  }

  void extract(SampleFile file, MultiOutputReceiver out) {
    String path = file.path();
    doneBytes.inc(file.sizeBytes());
    if (file.failure() != null) {
      failed.inc();
      out.get(ExtractSamples.FAILURES).output(file.failure());
      return;
    }
    int share = SampleMemory.JVM.reserve(file.sizeBytes(), waitedForMemory);
    try {
      readAndExtract(file, out);
    } finally {
      SampleMemory.JVM.release(share);
    }
  }

  private void readAndExtract(SampleFile file, MultiOutputReceiver out) {
    String path = file.path();
    SampleBytes bytes;
    try (ReadableByteChannel channel =
        FileSystems.open(FileSystems.matchNewResource(file.resource(), false))) {
      bytes = SampleBytes.read(channel, file.sizeBytes(), settings.maxSampleBytes(), buffer);
    } catch (IOException | RuntimeException e) {
      failed.inc();
      out.get(ExtractSamples.FAILURES).output(Failure.of(path, Stage.READ, e));
      return;
    } finally {
      if (file.spooled()) {
        spooledInBundle.add(file.resource());
      }
    }
    buffer = bytes.data().length <= KEEP_BYTES ? bytes.data() : null;
    // sha256 alone first: a stored sample needs nothing else.
    String sha256 = Digests.sha256(bytes.data(), bytes.length());
    Optional<KnownSamples.Stored> stored = findStored(sha256);
    if (stored.isPresent()) {
      known.inc();
      out.get(ExtractSamples.KNOWN).output(new SamplePath(sha256, path, bytes.length(),
          stored.get().magic(), stored.get().imphash()));
      return;
    }
    extracted.inc();
    out.get(ExtractSamples.RECORDS).output(extractWithinTimeCap(bytes, sha256, path));
  }

  private Optional<KnownSamples.Stored> findStored(String sha256) {
    if (knownSamples == null) {
      return Optional.empty();
    }
    try {
      return KnownSamples.find(knownSamples, sha256, settings.extraction().storedVersion());
    } catch (SQLException e) {
      // The database the run writes to is unreachable: retrying the bundle is the runner's job.
      throw new IllegalStateException("cannot look up sample " + sha256, e);
    }
  }

  /**
   * Runs the extraction on a worker thread, so that a sample that would stall the run keeps its
   * hashes and an error instead. Every extractor is bounded, so an abandoned thread still ends.
   */
  private SampleRecord extractWithinTimeCap(SampleBytes bytes, String sha256, String path) {
    Future<SampleRecord> result =
        worker.submit(() -> SampleExtractor.extract(bytes, sha256, path, settings.extraction()));
    try {
      return result.get(settings.timeoutSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      buffer = null; // the abandoned extraction may still be reading it
      result.cancel(true);
      worker.shutdownNow();
      worker = newWorker();
      timedOut.inc();
      return SampleExtractor.fingerprintOnly(bytes, path, new StageError(Stage.EXTRACT,
          "extraction took over " + settings.timeoutSeconds() + " s (--sampleTimeoutSeconds)"));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      return SampleExtractor.fingerprintOnly(bytes, path, new StageError(Stage.EXTRACT,
          SafeText.of(cause.getClass().getSimpleName() + ": " + cause.getMessage())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while extracting " + path, e);
    }
  }

  private static ExecutorService newWorker() {
    return Executors.newSingleThreadExecutor(
        r -> {
          Thread t = new Thread(r, "merc-extract");
          t.setDaemon(true);
          return t;
        });
  }
}
