package dev.merc.transforms;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult.Metadata;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * Lists the sample files that the input patterns match, through Beam's FileSystems (so gs:// and
 * any other registered scheme work), plus the entries of the input archives. The elements are
 * small: the bytes stay on disk until {@link ExtractSamples}, which also spreads the files over the
 * workers. (Not {@code FileIO.matchAll}: it ends in a {@code Reshuffle}, whose trigger makes the
 * DirectRunner give every element a bundle, and so a commit, of its own.)
 */
public class MatchSamples extends PTransform<PBegin, PCollection<SampleFile>> {

  private final List<String> patterns;
  private final List<String> archives;
  private final ArchiveSettings archiveSettings;
  private final boolean listDigests;

  /** @param patterns globs or file paths, as {@link InputPatterns} expands them */
  public MatchSamples(List<String> patterns) {
    this(patterns, List.of(), null, false);
  }

  private MatchSamples(List<String> patterns, List<String> archives,
      ArchiveSettings archiveSettings, boolean listDigests) {
    this.patterns = List.copyOf(patterns);
    this.archives = List.copyOf(archives);
    this.archiveSettings = archiveSettings;
    this.listDigests = listDigests;
  }

  /**
   * Also reads these archives (.7z, .zip; patterns too), each once and in order: their entries
   * join the matched files, so they are extracted in parallel like files.
   */
  public MatchSamples withArchives(List<String> archivePatterns, ArchiveSettings settings) {
    return new MatchSamples(patterns, archivePatterns, settings, listDigests);
  }

  /**
   * Lists the patterns that a registered {@link ObjectLister} serves (gs:// with merc-dataflow.jar)
   * through it, so that each file carries the md5 its storage keeps and a stored sample can be
   * recognised without being downloaded.
   */
  public MatchSamples withListedDigests(boolean enabled) {
    return new MatchSamples(patterns, archives, archiveSettings, enabled);
  }

  @Override
  public PCollection<SampleFile> expand(PBegin input) {
    JsonCoder<SampleFile> coder = JsonCoder.of(SampleFile.class);
    PCollection<SampleFile> files = input
        .apply("ListPatterns", Create.of(patterns).withCoder(StringUtf8Coder.of()))
        .apply("MatchFiles", ParDo.of(new MatchFilesFn(
            listDigests ? ObjectLister.registered(input.getPipeline().getOptions()) : List.of())))
        .setCoder(coder);
    if (archives.isEmpty()) {
      return files;
    }
    PCollection<SampleFile> entries = input
        .apply("ListArchives", Create.of(archives).withCoder(StringUtf8Coder.of()))
        .apply("SpoolArchiveEntries", ParDo.of(new SpoolArchiveEntriesFn(archiveSettings)))
        .setCoder(coder);
    return PCollectionList.of(files).and(entries)
        .apply("CombineInputs", Flatten.pCollections());
  }

  /**
   * Lists one pattern's files and counts them: the denominator of the run's progress and
   * accounting. A pattern that a registered {@link ObjectLister} serves is listed by
   * it when asked to, so that its files carry their stored md5.
   */
  static class MatchFilesFn extends DoFn<String, SampleFile> {
    private final List<ObjectLister> listers;
    private final Counter files = MercMetrics.counter(MercMetrics.MATCHED_FILES);
    private final Counter bytes = MercMetrics.counter(MercMetrics.MATCHED_BYTES);

    MatchFilesFn(List<ObjectLister> listers) {
      this.listers = List.copyOf(listers);
    }

    @ProcessElement
    public void process(@Element String pattern, PipelineOptions options,
        OutputReceiver<SampleFile> out) throws IOException {
      for (SampleFile file : match(pattern, options)) {
        files.inc();
        bytes.inc(file.sizeBytes());
        out.output(file);
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

}
