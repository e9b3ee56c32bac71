package dev.merc.transforms.queue;

import dev.merc.core.archive.ArchiveFormat;
import dev.merc.core.archive.EntrySelector;
import dev.merc.core.record.Failure;
import dev.merc.core.record.Stage;
import dev.merc.core.text.SafeText;
import dev.merc.transforms.ArchiveSettings;
import dev.merc.transforms.ArchiveSpooler;
import dev.merc.transforms.ExtractSamples;
import dev.merc.transforms.JsonCoder;
import dev.merc.transforms.MercMetrics;
import dev.merc.transforms.SampleFile;
import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
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
 * Turns each queued entry into the inputs that {@link ExtractSamples} reads, as matching does in a
 * batch run:
 *
 * <ul>
 *   <li>a sample file: its metadata;
 *   <li>an archive ({@code type=archive}): read once, in order, each selected entry spooled as in a
 *       batch run. Its outputs share the queue entry's window, so the entry is acknowledged only
 *       once every one of them is committed;
 *   <li>a path {@code archive!entry}, as Merc names what it stored (e.g. taken from the failures
 *       table): that one entry, which costs decoding the archive up to it.
 * </ul>
 *
 * An entry that cannot be resolved (a missing file, no path, delivered too often) becomes a
 * failures row, so that every entry is accounted for and can be acknowledged.
 */
public class ResolveEntries extends PTransform<PCollection<QueueEntry>, PCollectionTuple> {

  public static final TupleTag<SampleFile> FILES = new TupleTag<>() {};
  public static final TupleTag<Failure> FAILURES = new TupleTag<>() {};

  private final String stream;
  private final ArchiveSettings archives;

  /**
   * @param stream the queue's name, for the failures row of an entry without a path
   * @param archives how queued archives are read
   */
  public ResolveEntries(String stream, ArchiveSettings archives) {
    this.stream = stream;
    this.archives = archives;
  }

  @Override
  public PCollectionTuple expand(PCollection<QueueEntry> entries) {
    PCollectionTuple out =
        entries.apply(
            "MatchPaths",
            ParDo.of(new ResolveFn(stream, archives))
                .withOutputTags(FILES, TupleTagList.of(FAILURES)));
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

  /**
   * Resolves one entry; counts what it yields as matched (an archive: each selected entry), so
   * that matched = stored + known + failed holds.
   */
  static class ResolveFn extends DoFn<QueueEntry, SampleFile> {
    private final String stream;
    private final ArchiveSpooler spooler;
    private final Counter files = MercMetrics.counter(MercMetrics.MATCHED_FILES);
    private final Counter bytes = MercMetrics.counter(MercMetrics.MATCHED_BYTES);
    private final Counter failed = MercMetrics.counter(MercMetrics.FAILED);

    ResolveFn(String stream, ArchiveSettings archives) {
      this.stream = stream;
      this.spooler = new ArchiveSpooler(archives);
    }

    @ProcessElement
    public void process(@Element QueueEntry entry, MultiOutputReceiver out) {
      String path = entry.path();
      if (entry.deadLetter() != null) {
        fail(out, new Failure(name(entry), Stage.QUEUE, "TooManyDeliveries",
            "queue entry " + entry.id() + " of " + stream + " " + entry.deadLetter()));
        return;
      }
      if (path == null || path.isBlank()) {
        fail(out, new Failure(name(entry), Stage.MATCH, "MissingPath",
            "queue entry has no '" + QueueEntry.PATH_FIELD + "' field"));
        return;
      }
      int bang = archiveEnd(path);
      try {
        if (entry.archive()) {
          spooler.spool(match(path).resourceId(), spooler.selector(), out.get(FILES)::output);
        } else if (bang > 0 && !exists(path)) {
          String archive = path.substring(0, bang);
          String name = path.substring(bang + 1);
          long found = spooler.spool(match(archive).resourceId(), EntrySelector.exactly(name),
              out.get(FILES)::output);
          if (found == 0) {
            fail(out, new Failure(SafeText.of(path), Stage.MATCH, "NoSuchEntry",
                SafeText.of("archive " + archive + " has no entry " + name)));
          }
        } else {
          Metadata file = match(path);
          files.inc();
          bytes.inc(file.sizeBytes());
          out.get(FILES).output(SampleFile.of(file));
        }
      } catch (IOException | RuntimeException e) {
        fail(out, Failure.of(path, Stage.MATCH, e));
      }
    }

    private static Metadata match(String path) throws IOException {
      return FileSystems.matchSingleFileSpec(path);
    }

    /** A file may be named {@code x.zip!y} itself; then it is that file. */
    private static boolean exists(String path) throws IOException {
      MatchResult result = FileSystems.match(List.of(path)).get(0);
      return result.status() == MatchResult.Status.OK && !result.metadata().isEmpty();
    }

    /**
     * Where the archive's name ends in {@code archive!entry}: the first {@code !} after a .7z or
     * .zip name; -1 for a plain path.
     */
    static int archiveEnd(String path) {
      for (int i = path.indexOf('!'); i > 0; i = path.indexOf('!', i + 1)) {
        if (ArchiveFormat.of(path.substring(0, i)).isPresent() && i + 1 < path.length()) {
          return i;
        }
      }
      return -1;
    }

    private void fail(MultiOutputReceiver out, Failure failure) {
      files.inc();
      failed.inc();
      out.get(FAILURES).output(failure);
    }

    /** The failures row's path: the entry's path, or the queue and id when it has none. */
    private String name(QueueEntry entry) {
      return entry.path() == null || entry.path().isBlank()
          ? stream + "#" + entry.id() : SafeText.of(entry.path());
    }
  }
}
