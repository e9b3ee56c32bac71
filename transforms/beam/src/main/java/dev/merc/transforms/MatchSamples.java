package dev.merc.transforms;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult.Metadata;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * Lists the sample files that the input patterns match, through Beam's FileSystems (so gs:// and
 * any other registered scheme work), in groups of a fixed number of files spread over the workers.
 *
 * <p>The grouping is the fusion break. A group's files are extracted and committed together, so
 * its size bounds both the memory a worker holds and how many samples share a transaction. It
 * replaces {@code Reshuffle}, whose trigger makes the DirectRunner give every element a bundle, and
 * so a commit, of its own; and {@code FileIO.matchAll}, which ends in such a {@code Reshuffle}.
 */
public class MatchSamples extends PTransform<PBegin, PCollection<SampleFile>> {

  private final List<String> patterns;
  private final int filesPerGroup;
  private final List<String> archives;
  private final ArchiveSettings archiveSettings;
  private final boolean listDigests;

  /** @param patterns globs or file paths, as {@link InputPatterns} expands them */
  public MatchSamples(List<String> patterns, int filesPerGroup) {
    this(patterns, filesPerGroup, List.of(), null, false);
  }

  private MatchSamples(List<String> patterns, int filesPerGroup, List<String> archives,
      ArchiveSettings archiveSettings, boolean listDigests) {
    this.patterns = List.copyOf(patterns);
    this.filesPerGroup = filesPerGroup;
    this.archives = List.copyOf(archives);
    this.archiveSettings = archiveSettings;
    this.listDigests = listDigests;
  }

  /**
   * Also reads these archives (.7z, .zip; patterns too), each once and in order: their entries
   * join the matched files before the grouping, so they are extracted in parallel like files.
   */
  public MatchSamples withArchives(List<String> archivePatterns, ArchiveSettings settings) {
    return new MatchSamples(patterns, filesPerGroup, archivePatterns, settings, listDigests);
  }

  /**
   * Lists the patterns that a registered {@link ObjectLister} serves (gs:// with merc-dataflow.jar)
   * through it, so that each file carries the md5 its storage keeps and a stored sample can be
   * recognised without being downloaded.
   */
  public MatchSamples withListedDigests(boolean enabled) {
    return new MatchSamples(patterns, filesPerGroup, archives, archiveSettings, enabled);
  }

  @Override
  public PCollection<SampleFile> expand(PBegin input) {
    KvCoder<String, SampleFile> coder =
        KvCoder.of(StringUtf8Coder.of(), JsonCoder.of(SampleFile.class));
    PCollection<KV<String, SampleFile>> files = input
        .apply("ListPatterns", Create.of(patterns).withCoder(StringUtf8Coder.of()))
        .apply("MatchFiles", ParDo.of(new MatchFilesFn(filesPerGroup,
            listDigests ? ObjectLister.registered(input.getPipeline().getOptions()) : List.of())))
        .setCoder(coder);
    PCollectionList<KV<String, SampleFile>> inputs = PCollectionList.of(files);
    if (!archives.isEmpty()) {
      inputs = inputs.and(input
          .apply("ListArchives", Create.of(archives).withCoder(StringUtf8Coder.of()))
          .apply("SpoolArchiveEntries",
              ParDo.of(new SpoolArchiveEntriesFn(archiveSettings, filesPerGroup)))
          .setCoder(coder));
    }
    return inputs
        .apply("CombineInputs", Flatten.pCollections())
        .apply("GroupFiles", GroupByKey.create())
        .apply("Ungroup", ParDo.of(new UngroupFn()))
        .setCoder(JsonCoder.of(SampleFile.class));
  }

  /**
   * Lists one pattern's files, keyed by group, and counts them: the denominator of the run's
   * progress and accounting. A pattern that a registered {@link ObjectLister} serves is listed by
   * it when asked to, so that its files carry their stored md5.
   */
  static class MatchFilesFn extends DoFn<String, KV<String, SampleFile>> {
    private final int filesPerGroup;
    private final List<ObjectLister> listers;
    private final Counter files = MercMetrics.counter(MercMetrics.MATCHED_FILES);
    private final Counter bytes = MercMetrics.counter(MercMetrics.MATCHED_BYTES);

    MatchFilesFn(int filesPerGroup, List<ObjectLister> listers) {
      this.filesPerGroup = filesPerGroup;
      this.listers = List.copyOf(listers);
    }

    @ProcessElement
    public void process(@Element String pattern, PipelineOptions options,
        OutputReceiver<KV<String, SampleFile>> out) throws IOException {
      long n = 0;
      for (SampleFile file : match(pattern, options)) {
        files.inc();
        bytes.inc(file.sizeBytes());
        out.output(KV.of(pattern + "#" + (n++ / filesPerGroup), file));
      }
    }

    private List<SampleFile> match(String pattern, PipelineOptions options) throws IOException {
      for (ObjectLister lister : listers) {
        if (lister.serves(pattern)) {
          return lister.list(pattern, options);
        }
      }
      List<SampleFile> matched = new ArrayList<>();
      for (Metadata file : FileSystems.match(pattern, EmptyMatchTreatment.ALLOW).metadata()) {
        if (!file.resourceId().isDirectory()) {
          matched.add(SampleFile.of(file));
        }
      }
      return matched;
    }
  }

  /** Emits a group's files one by one. */
  static class UngroupFn extends DoFn<KV<String, Iterable<SampleFile>>, SampleFile> {
    @ProcessElement
    public void process(
        @Element KV<String, Iterable<SampleFile>> group, OutputReceiver<SampleFile> out) {
      for (SampleFile file : group.getValue()) {
        out.output(file);
      }
    }
  }
}
