package dev.merc.transforms;

import dev.merc.core.extract.ExtractionSettings;
import dev.merc.core.record.Failure;
import dev.merc.core.record.SamplePath;
import dev.merc.core.record.SampleRecord;
import dev.merc.schema.DatabaseConfig;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Reads each file once and extracts its sample record. Every file leaves on exactly one of three
 * outputs: {@link #RECORDS} (extracted now), {@link #KNOWN} (already stored: only its path is new)
 * or {@link #FAILURES} (could not be read; the reason goes to the failures table).
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
    TupleTagList others = TupleTagList.of(KNOWN).and(FAILURES);
    PCollectionTuple out =
        files.isBounded() == PCollection.IsBounded.BOUNDED
            ? files
                .apply("DealIntoGroups", ParDo.of(new DealFn(settings.groups())))
                .apply("GroupFiles", GroupByKey.create())
                .apply("ExtractGroups",
                    ParDo.of(new ExtractGroupFn(settings)).withOutputTags(RECORDS, others))
            : files.apply("ExtractFiles",
                ParDo.of(new ExtractFileFn(settings)).withOutputTags(RECORDS, others));
    out.get(RECORDS).setCoder(JsonCoder.of(SampleRecord.class));
    out.get(KNOWN).setCoder(JsonCoder.of(SamplePath.class));
    out.get(FAILURES).setCoder(JsonCoder.of(Failure.class));
    return out;
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

  /**
   * Extracts a group's files in order, claiming each file's index before reading it, so that the
   * runner may stop the group after any file and resume (or hand out) the rest.
   */
  @DoFn.BoundedPerElement
  static class ExtractGroupFn extends DoFn<KV<Integer, Iterable<SampleFile>>, SampleRecord> {
    private final Settings settings;
    private transient FileExtractor extractor;

    ExtractGroupFn(Settings settings) {
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

    @GetInitialRestriction
    public OffsetRange files(@Element KV<Integer, Iterable<SampleFile>> group) {
      return new OffsetRange(0, list(group).size());
    }

    @GetRestrictionCoder
    public Coder<OffsetRange> restrictionCoder() {
      return OffsetRange.Coder.of();
    }

    /** The bytes left to read, so that runners split and scale by work rather than file count. */
    @GetSize
    public double bytesLeft(
        @Element KV<Integer, Iterable<SampleFile>> group, @Restriction OffsetRange range) {
      List<SampleFile> files = list(group);
      double bytes = 0;
      for (long i = range.getFrom(); i < range.getTo(); i++) {
        bytes += Math.max(1, files.get((int) i).sizeBytes());
      }
      return bytes;
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<SampleFile>> group,
        RestrictionTracker<OffsetRange, Long> tracker,
        MultiOutputReceiver out) {
      List<SampleFile> files = list(group);
      for (long i = tracker.currentRestriction().getFrom(); tracker.tryClaim(i); i++) {
        extractor.extract(files.get((int) i), out);
      }
    }

    private static List<SampleFile> list(KV<Integer, Iterable<SampleFile>> group) {
      List<SampleFile> files = new ArrayList<>();
      group.getValue().forEach(files::add);
      return files;
    }
  }

  /** Extracts files one by one, as an unbounded source delivers them. */
  static class ExtractFileFn extends DoFn<SampleFile, SampleRecord> {
    private final Settings settings;
    private transient FileExtractor extractor;

    ExtractFileFn(Settings settings) {
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

    @ProcessElement
    public void process(@Element SampleFile file, MultiOutputReceiver out) {
      extractor.extract(file, out);
    }
  }
}
