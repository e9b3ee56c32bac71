package dev.merc.transforms;

import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult.Metadata;
import org.apache.beam.sdk.io.fs.MetadataCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * Lists the sample files that the input patterns match, through Beam's FileSystems (so gs:// and
 * any other registered scheme work), in groups of a fixed number of files spread over the workers.
 *
 * <p>The grouping is the fusion break. A group's files are extracted and committed together, so
 * its size bounds both the memory a worker holds and how many samples share a transaction. It
 * replaces {@code Reshuffle}, whose trigger makes the DirectRunner give every element a bundle, and
 * so a commit, of its own; and {@code FileIO.matchAll}, which ends in such a {@code Reshuffle}.
 */
public class MatchSamples extends PTransform<PBegin, PCollection<Metadata>> {

  private final List<String> patterns;
  private final int filesPerGroup;

  /** @param patterns globs or file paths, as {@link InputPatterns} expands them */
  public MatchSamples(List<String> patterns, int filesPerGroup) {
    this.patterns = List.copyOf(patterns);
    this.filesPerGroup = filesPerGroup;
  }

  @Override
  public PCollection<Metadata> expand(PBegin input) {
    return input
        .apply("ListPatterns", Create.of(patterns))
        .apply("MatchFiles", ParDo.of(new MatchFilesFn(filesPerGroup)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), MetadataCoder.of()))
        .apply("GroupFiles", GroupByKey.create())
        .apply("Ungroup", ParDo.of(new UngroupFn()));
  }

  /**
   * Lists one pattern's files, keyed by group, and counts them: the denominator of the run's
   * progress and accounting.
   */
  static class MatchFilesFn extends DoFn<String, KV<String, Metadata>> {
    private final int filesPerGroup;
    private final Counter files = MercMetrics.counter(MercMetrics.MATCHED_FILES);
    private final Counter bytes = MercMetrics.counter(MercMetrics.MATCHED_BYTES);

    MatchFilesFn(int filesPerGroup) {
      this.filesPerGroup = filesPerGroup;
    }

    @ProcessElement
    public void process(@Element String pattern, OutputReceiver<KV<String, Metadata>> out)
        throws IOException {
      long n = 0;
      for (Metadata file : FileSystems.match(pattern, EmptyMatchTreatment.ALLOW).metadata()) {
        if (!file.resourceId().isDirectory()) {
          files.inc();
          bytes.inc(file.sizeBytes());
          out.output(KV.of(pattern + "#" + (n++ / filesPerGroup), file));
        }
      }
    }
  }

  /** Emits a group's files one by one. */
  static class UngroupFn extends DoFn<KV<String, Iterable<Metadata>>, Metadata> {
    @ProcessElement
    public void process(@Element KV<String, Iterable<Metadata>> group, OutputReceiver<Metadata> out) {
      for (Metadata file : group.getValue()) {
        out.output(file);
      }
    }
  }
}
