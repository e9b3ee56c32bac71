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
import org.apache.beam.sdk.transforms.Watch;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/**
 * The watching counterpart of {@link MatchSamples}: lists the input patterns again at every poll
 * interval, forever, and emits each file the first time it is seen, as the same metadata that
 * {@link ExtractSamples} reads. Files already stored are then skipped there as known samples.
 */
public class WatchSamples extends PTransform<PBegin, PCollection<SampleFile>> {

  private final List<String> patterns;
  private final Duration pollInterval;

  public WatchSamples(List<String> patterns, Duration pollInterval) {
    this.patterns = List.copyOf(patterns);
    this.pollInterval = pollInterval;
  }

  @Override
  public PCollection<SampleFile> expand(PBegin input) {
    return input
        .apply("ListPatterns", Create.of(patterns))
        .apply(
            "MatchContinuously",
            FileIO.matchAll()
                .withEmptyMatchTreatment(EmptyMatchTreatment.ALLOW)
                .continuously(pollInterval, Watch.Growth.never()))
        .apply("CountMatched", ParDo.of(new CountMatchedFn()))
        .setCoder(JsonCoder.of(SampleFile.class));
  }

  /** Counts each new file (the progress line's denominator) and drops directory entries. */
  static class CountMatchedFn extends DoFn<Metadata, SampleFile> {
    private final Counter files = MercMetrics.counter(MercMetrics.MATCHED_FILES);
    private final Counter bytes = MercMetrics.counter(MercMetrics.MATCHED_BYTES);

    @ProcessElement
    public void process(@Element Metadata file, OutputReceiver<SampleFile> out) {
      if (!file.resourceId().isDirectory()) {
        files.inc();
        bytes.inc(file.sizeBytes());
        out.output(SampleFile.of(file));
      }
    }
  }
}
