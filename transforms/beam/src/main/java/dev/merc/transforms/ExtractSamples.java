package dev.merc.transforms;

import dev.merc.core.extract.ExtractionSettings;
import dev.merc.core.record.Failure;
import dev.merc.core.record.SamplePath;
import dev.merc.core.record.SampleRecord;
import dev.merc.schema.DataSources;
import dev.merc.schema.DatabaseConfig;
import dev.merc.schema.KnownSamples;
import java.io.Serializable;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Reads each file once and extracts its sample record. Every file leaves on exactly one of three
 * outputs: {@link #RECORDS} (extracted now), {@link #KNOWN} (already stored: only its path is new)
 * or {@link #FAILURES} (could not be read; the reason goes to the failures table). With the
 * known-sample lookup on, a file whose storage listed its md5 is first looked up by md5 and size,
 * and not read at all when that finds the sample.
 *
 * <p>Bounded input is first dealt into groups and grouped: the fusion break that spreads files
 * over workers. Each group is then extracted by a splittable DoFn whose restriction is the range
 * of the group's files, so a runner can checkpoint a group part-way and split it: the DirectRunner
 * commits every second or so of a group's records instead of holding them all until the group
 * ends, which keeps its memory flat and lets the database writes overlap the extraction; Dataflow
 * can split a straggling group. Unbounded input (watching, the work queue) is already spread by
 * its source and is extracted file by file.
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
   * @param groups how bounded input is dealt into groups
   */
  public record Settings(
      long maxSampleBytes,
      DatabaseConfig knownSamples,
      ExtractionSettings extraction,
      int timeoutSeconds,
      FileGroups groups)
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
            ParDo.of(new SkipListedKnownFn(settings.knownSamples(),
                settings.extraction().storedVersion()))
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
    TupleTagList others = TupleTagList.of(KNOWN).and(FAILURES);
    PCollectionTuple out =
        files.isBounded() == PCollection.IsBounded.BOUNDED
            ? files
                .apply("DealIntoGroups", ParDo.of(new DealFn(settings.groups())))
                .apply("GroupFiles", GroupByKey.create())
                .apply("ListGroups", ParDo.of(new ListGroupFn()))
                .setCoder(ListCoder.of(JsonCoder.of(SampleFile.class)))
                .apply("ExtractGroups",
                    ParDo.of(new ExtractGroupFn(settings)).withOutputTags(RECORDS, others))
            : files.apply("ExtractFiles",
                ParDo.of(new ExtractFileFn(settings)).withOutputTags(RECORDS, others));
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
    private final int minVersion;
    private final Counter known = MercMetrics.counter(MercMetrics.KNOWN);
    private final Counter unread = MercMetrics.counter(MercMetrics.KNOWN_UNREAD);
    private final Counter doneBytes = MercMetrics.counter(MercMetrics.DONE_BYTES);
    private transient DataSource knownSamples;

    SkipListedKnownFn(DatabaseConfig database, int minVersion) {
      this.database = database;
      this.minVersion = minVersion;
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
              : KnownSamples.byMd5(knownSamples, file.md5(), file.sizeBytes(), minVersion);
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

  /** Keys each file with its group. */
  static class DealFn extends DoFn<SampleFile, KV<Integer, SampleFile>> {
    private final FileGroups groups;
    private transient long dealt;

    DealFn(FileGroups groups) {
      this.groups = groups;
    }

    @ProcessElement
    public void process(@Element SampleFile file, OutputReceiver<KV<Integer, SampleFile>> out) {
      out.output(KV.of(groups.keyOf(dealt++), file));
    }
  }

  /** A group's files as a list: the splittable DoFn reads its element more than once. */
  static class ListGroupFn extends DoFn<KV<Integer, Iterable<SampleFile>>, List<SampleFile>> {
    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<SampleFile>> group, OutputReceiver<List<SampleFile>> out) {
      List<SampleFile> files = new ArrayList<>();
      group.getValue().forEach(files::add);
      out.output(files);
    }
  }

  /** The life of a {@link FileExtractor} in a DoFn: made in its setup, closed in its teardown. */
  abstract static class ExtractingFn<InputT> extends DoFn<InputT, SampleRecord> {
    private final Settings settings;
    transient FileExtractor extractor;

    ExtractingFn(Settings settings) {
      this.settings = settings;
    }

    @Setup
    public void setup() {
      extractor = new FileExtractor(settings);
    }

    /** A bundle that succeeded deletes its spool files; a failed one leaves them to its retry. */
    @FinishBundle
    public void finishBundle() {
      extractor.releaseSpooled();
    }

    @Teardown
    public void teardown() {
      extractor.close();
    }
  }

  /**
   * Extracts a group's files in order, claiming each file's index before reading it, so that the
   * runner may stop the group after any file and resume (or hand out) the rest.
   */
  @DoFn.BoundedPerElement
  static class ExtractGroupFn extends ExtractingFn<List<SampleFile>> {
    ExtractGroupFn(Settings settings) {
      super(settings);
    }

    @GetInitialRestriction
    public OffsetRange files(@Element List<SampleFile> group) {
      return new OffsetRange(0, group.size());
    }

    @GetRestrictionCoder
    public Coder<OffsetRange> restrictionCoder() {
      return OffsetRange.Coder.of();
    }

    /** The bytes left to read, so that runners split and scale by work rather than file count. */
    @GetSize
    public double bytesLeft(@Element List<SampleFile> group, @Restriction OffsetRange range) {
      double bytes = 0;
      for (long i = range.getFrom(); i < range.getTo(); i++) {
        bytes += Math.max(1, group.get((int) i).sizeBytes());
      }
      return bytes;
    }

    @ProcessElement
    public void process(
        @Element List<SampleFile> group,
        RestrictionTracker<OffsetRange, Long> tracker,
        MultiOutputReceiver out) {
      for (long i = tracker.currentRestriction().getFrom(); tracker.tryClaim(i); i++) {
        extractor.extract(group.get((int) i), out);
      }
    }
  }

  /** Extracts files one by one, as an unbounded source delivers them. */
  static class ExtractFileFn extends ExtractingFn<SampleFile> {
    ExtractFileFn(Settings settings) {
      super(settings);
    }

    @ProcessElement
    public void process(@Element SampleFile file, MultiOutputReceiver out) {
      extractor.extract(file, out);
    }
  }
}
