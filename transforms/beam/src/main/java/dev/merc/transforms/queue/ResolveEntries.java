package dev.merc.transforms.queue;

import dev.merc.core.record.Failure;
import dev.merc.core.record.Stage;
import dev.merc.core.text.SafeText;
import dev.merc.transforms.ExtractSamples;
import dev.merc.transforms.JsonCoder;
import dev.merc.transforms.MercMetrics;
import dev.merc.transforms.SampleFile;
import java.io.IOException;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult.Metadata;
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
 * Turns each queued path into the file metadata that {@link ExtractSamples} reads, as matching
 * does in a batch run. An entry whose file is missing becomes a failures row (stage {@code match}),
 * so that every entry is accounted for and can be acknowledged.
 */
public class ResolveEntries extends PTransform<PCollection<QueueEntry>, PCollectionTuple> {

  public static final TupleTag<SampleFile> FILES = new TupleTag<>() {};
  public static final TupleTag<Failure> FAILURES = new TupleTag<>() {};

  private final String stream;

  /** @param stream the queue's name, for the failures row of an entry without a path */
  public ResolveEntries(String stream) {
    this.stream = stream;
  }

  @Override
  public PCollectionTuple expand(PCollection<QueueEntry> entries) {
    PCollectionTuple out =
        entries.apply(
            "MatchPaths",
            ParDo.of(new ResolveFn(stream)).withOutputTags(FILES, TupleTagList.of(FAILURES)));
    out.get(FILES).setCoder(JsonCoder.of(SampleFile.class));
    out.get(FAILURES).setCoder(JsonCoder.of(Failure.class));
    return out;
  }

  /** Adds the queue's own failures to what {@link ExtractSamples} produced, for one write. */
  public static PCollectionTuple withFailures(
      PCollectionTuple extracted, PCollection<Failure> failures) {
    PCollection<Failure> all =
        PCollectionList.of(extracted.get(ExtractSamples.FAILURES))
            .and(failures)
            .apply("CollectFailures", Flatten.pCollections());
    return PCollectionTuple.of(ExtractSamples.RECORDS, extracted.get(ExtractSamples.RECORDS))
        .and(ExtractSamples.KNOWN, extracted.get(ExtractSamples.KNOWN))
        .and(ExtractSamples.FAILURES, all);
  }

  /** Looks one path up; counts it as matched, so that matched = stored + known + failed holds. */
  static class ResolveFn extends DoFn<QueueEntry, SampleFile> {
    private final String stream;
    private final Counter files = MercMetrics.counter(MercMetrics.MATCHED_FILES);
    private final Counter bytes = MercMetrics.counter(MercMetrics.MATCHED_BYTES);
    private final Counter failed = MercMetrics.counter(MercMetrics.FAILED);

    ResolveFn(String stream) {
      this.stream = stream;
    }

    @ProcessElement
    public void process(@Element QueueEntry entry, MultiOutputReceiver out) {
      files.inc();
      if (entry.deadLetter() != null) {
        failed.inc();
        out.get(FAILURES).output(new Failure(name(entry), Stage.QUEUE, "TooManyDeliveries",
            "queue entry " + entry.id() + " of " + stream + " " + entry.deadLetter()));
        return;
      }
      if (entry.path() == null || entry.path().isBlank()) {
        failed.inc();
        out.get(FAILURES).output(new Failure(name(entry), Stage.MATCH,
            "MissingPath", "queue entry has no '" + QueueEntry.PATH_FIELD + "' field"));
        return;
      }
      try {
        Metadata file = FileSystems.matchSingleFileSpec(entry.path());
        bytes.inc(file.sizeBytes());
        out.get(FILES).output(SampleFile.of(file));
      } catch (IOException | RuntimeException e) {
        failed.inc();
        out.get(FAILURES).output(Failure.of(entry.path(), Stage.MATCH, e));
      }
    }

    /** The failures row's path: the entry's path, or the queue and id when it has none. */
    private String name(QueueEntry entry) {
      return entry.path() == null || entry.path().isBlank()
          ? stream + "#" + entry.id() : SafeText.of(entry.path());
    }
  }
}
