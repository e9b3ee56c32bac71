package dev.merc.transforms;

import java.util.List;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult.Metadata;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * Lists the sample files that the input patterns match, through Beam's FileSystems (so gs:// and
 * any other registered scheme work), spread over the workers.
 */
public class MatchSamples extends PTransform<PBegin, PCollection<Metadata>> {

  private final List<String> patterns;
  private final int buckets;

  /**
   * @param patterns globs or file paths, as {@link InputPatterns} expands them
   * @param buckets how many groups the files are spread over; more than the workers' threads
   */
  public MatchSamples(List<String> patterns, int buckets) {
    this.patterns = List.copyOf(patterns);
    this.buckets = buckets;
  }

  @Override
  public PCollection<Metadata> expand(PBegin input) {
    return input
        .apply("ListPatterns", Create.of(patterns))
        .apply("MatchFiles", FileIO.matchAll().withEmptyMatchTreatment(EmptyMatchTreatment.ALLOW))
        .apply("CountMatched", ParDo.of(new CountMatchedFn()))
        // The fusion break that spreads the files over workers. A bounded number of buckets
        // keeps bundles of several files, so that each database commit carries several samples.
        .apply("SpreadFiles", new SpreadEvenly<>(buckets));
  }

  /** Counts what was matched, the denominator of the run's progress and accounting. */
  static class CountMatchedFn extends DoFn<Metadata, Metadata> {
    private final Counter files = MercMetrics.counter(MercMetrics.MATCHED_FILES);
    private final Counter bytes = MercMetrics.counter(MercMetrics.MATCHED_BYTES);

    @ProcessElement
    public void process(@Element Metadata file, OutputReceiver<Metadata> out) {
      files.inc();
      bytes.inc(file.sizeBytes());
      out.output(file);
    }
  }
}
