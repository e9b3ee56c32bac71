package dev.merc.transforms;

import dev.merc.core.extract.Digests;
import dev.merc.core.extract.ExtractionSettings;
import dev.merc.core.extract.Fingerprint;
import dev.merc.core.extract.SampleBytes;
import dev.merc.core.extract.SampleExtractor;
import dev.merc.core.record.Failure;
import dev.merc.core.record.SamplePath;
import dev.merc.core.record.SampleRecord;
import dev.merc.core.record.Stage;
import dev.merc.core.record.StageError;
import dev.merc.core.text.SafeText;
import dev.merc.schema.DataSources;
import dev.merc.schema.DatabaseConfig;
import dev.merc.schema.KnownSamples;
import java.io.IOException;
import java.io.Serializable;
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
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Reads each matched file once and extracts its sample record. Every file leaves on exactly one of
 * three outputs: {@link #RECORDS} (extracted now), {@link #KNOWN} (already stored: only its path is
 * new) or {@link #FAILURES} (could not be read; the reason goes to the failures table). With the
 * known-sample lookup on, a file whose storage listed its md5 is first looked up by md5 and size,
 * and not read at all when that finds the sample.
 */
public class ExtractSamples extends PTransform<PCollection<SampleFile>, PCollectionTuple> {

  public static final TupleTag<SampleRecord> RECORDS = new TupleTag<>() {};
  public static final TupleTag<SamplePath> KNOWN = new TupleTag<>() {};
  public static final TupleTag<Failure> FAILURES = new TupleTag<>() {};
  private static final TupleTag<SampleFile> TO_READ = new TupleTag<>() {};

  /**
   * @param maxSampleBytes files larger than this become failures instead of being read
   * @param knownSamples where to look up already-stored samples; null extracts every file
   * @param timeoutSeconds a sample's extraction past this keeps only its hashes, with an error
   */
  public record Settings(
      long maxSampleBytes,
      DatabaseConfig knownSamples,
      ExtractionSettings extraction,
      int timeoutSeconds)
      implements Serializable {}

  private final Settings settings;

  public ExtractSamples(Settings settings) {
    this.settings = settings;
  }

  @Override
  public PCollectionTuple expand(PCollection<SampleFile> files) {
    if (settings.knownSamples() == null) {
      return extract(files);
    }
    PCollectionTuple checked =
        files.apply(
            "SkipListedKnown",
            ParDo.of(new SkipListedKnownFn(settings.knownSamples()))
                .withOutputTags(TO_READ, TupleTagList.of(KNOWN)));
    checked.get(TO_READ).setCoder(JsonCoder.of(SampleFile.class));
    checked.get(KNOWN).setCoder(JsonCoder.of(SamplePath.class));
    PCollectionTuple extracted = extract(checked.get(TO_READ));
    PCollection<SamplePath> known =
        PCollectionList.of(checked.get(KNOWN))
            .and(extracted.get(KNOWN))
            .apply("CollectKnown", Flatten.pCollections());
    return PCollectionTuple.of(RECORDS, extracted.get(RECORDS))
        .and(KNOWN, known)
        .and(FAILURES, extracted.get(FAILURES));
  }

  /** Reads each file and extracts its record, or finds it known by its sha256. */
  private PCollectionTuple extract(PCollection<SampleFile> files) {
    PCollectionTuple out =
        files.apply(
            "ExtractRecords",
            ParDo.of(new ExtractFn(settings))
                .withOutputTags(RECORDS, TupleTagList.of(KNOWN).and(FAILURES)));
    out.get(RECORDS).setCoder(JsonCoder.of(SampleRecord.class));
    out.get(KNOWN).setCoder(JsonCoder.of(SamplePath.class));
    out.get(FAILURES).setCoder(JsonCoder.of(Failure.class));
    return out;
  }

  /**
   * Sends an input whose listed md5 and size are those of exactly one sample stored by the current
   * extractor straight to {@link #KNOWN}, with its path, without reading a byte of it (a rerun over
   * a gs:// prefix downloads only what is new). Inputs without a listed md5 pass on unchanged.
   */
  static class SkipListedKnownFn extends DoFn<SampleFile, SampleFile> {
    private final DatabaseConfig database;
    private final Counter known = MercMetrics.counter(MercMetrics.KNOWN);
    private final Counter unread = MercMetrics.counter(MercMetrics.KNOWN_UNREAD);
    private final Counter doneBytes = MercMetrics.counter(MercMetrics.DONE_BYTES);
    private transient DataSource knownSamples;

    SkipListedKnownFn(DatabaseConfig database) {
      this.database = database;
    }

    @Setup
    public void setup() {
      knownSamples = DataSources.reader(database);
    }

    @ProcessElement
    public void process(@Element SampleFile file, MultiOutputReceiver out) throws SQLException {
      String sha256 =
          file.md5() == null || file.failure() != null
              ? null
              : KnownSamples.byMd5(knownSamples, file.md5(), file.sizeBytes());
      if (sha256 == null) {
        out.get(TO_READ).output(file);
        return;
      }
      known.inc();
      unread.inc();
      doneBytes.inc(file.sizeBytes());
      out.get(KNOWN).output(new SamplePath(sha256, file.path()));
    }
  }

  /**
   * Reads one file into memory once, then runs every extractor over that one array. Files are
   * opened as they are (a file named .gz is a sample, not a stream); a spooled archive entry is
   * deleted when its bundle finishes, so that a runner retrying a failed bundle can read it again.
   */
  static class ExtractFn extends DoFn<SampleFile, SampleRecord> {
    private final Settings settings;
    private final Counter extracted = MercMetrics.counter(MercMetrics.STORED);
    private final Counter known = MercMetrics.counter(MercMetrics.KNOWN);
    private final Counter failed = MercMetrics.counter(MercMetrics.FAILED);
    private final Counter doneBytes = MercMetrics.counter(MercMetrics.DONE_BYTES);
    private final Counter timedOut = MercMetrics.counter(MercMetrics.TIMED_OUT);
    private transient DataSource knownSamples;
    private transient ExecutorService worker;
    private transient List<String> spooledInBundle;

    ExtractFn(Settings settings) {
      this.settings = settings;
    }

    @Setup
    public void setup() {
      if (settings.knownSamples() != null) {
        knownSamples = DataSources.reader(settings.knownSamples());
      }
      worker = newWorker();
    }

    @StartBundle
    public void startBundle() {
      spooledInBundle = new ArrayList<>();
    }

    /** A bundle that succeeded deletes its spool files; a failed one leaves them to its retry. */
    @FinishBundle
    public void finishBundle() {
      spooledInBundle.forEach(SpoolFolder::release);
      spooledInBundle.clear();
    }

    @Teardown
    public void teardown() {
      worker.shutdownNow();
    }

    @ProcessElement
    public void process(@Element SampleFile file, MultiOutputReceiver out) throws SQLException {
      String path = file.path();
      doneBytes.inc(file.sizeBytes());
      if (file.failure() != null) {
        failed.inc();
        out.get(FAILURES).output(file.failure());
        return;
      }
      SampleBytes bytes;
      try (ReadableByteChannel channel =
          FileSystems.open(FileSystems.matchNewResource(file.resource(), false))) {
        bytes = SampleBytes.read(channel, file.sizeBytes(), settings.maxSampleBytes());
      } catch (IOException | RuntimeException e) {
        failed.inc();
        out.get(FAILURES).output(Failure.of(path, Stage.READ, e));
        return;
      } finally {
        if (file.spooled()) {
          spooledInBundle.add(file.resource());
        }
      }
      Fingerprint fingerprint = Digests.of(bytes.data(), bytes.length());
      Optional<KnownSamples.Stored> stored = knownSamples == null
          ? Optional.empty() : KnownSamples.find(knownSamples, fingerprint.sha256());
      if (stored.isPresent()) {
        known.inc();
        out.get(KNOWN).output(new SamplePath(fingerprint.sha256(), path, bytes.length(),
            stored.get().magic(), stored.get().imphash()));
        return;
      }
      extracted.inc();
      out.get(RECORDS).output(extractWithinTimeCap(bytes, fingerprint, path));
    }

    /**
     * Runs the extraction on a worker thread, so that a sample that would stall the run keeps its
     * hashes and an error instead. Every extractor is bounded, so an abandoned thread still ends.
     */
    private SampleRecord extractWithinTimeCap(SampleBytes bytes, Fingerprint fp, String path) {
      Future<SampleRecord> result =
          worker.submit(() -> SampleExtractor.extract(bytes, fp, path, settings.extraction()));
      try {
        return result.get(settings.timeoutSeconds(), TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        result.cancel(true);
        worker.shutdownNow();
        worker = newWorker();
        timedOut.inc();
        return SampleExtractor.fingerprintOnly(fp, path, new StageError(Stage.EXTRACT,
            "extraction took over " + settings.timeoutSeconds() + " s (--sampleTimeoutSeconds)"));
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        return SampleExtractor.fingerprintOnly(fp, path, new StageError(Stage.EXTRACT,
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
}
