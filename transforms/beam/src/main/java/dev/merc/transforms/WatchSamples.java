package dev.merc.transforms;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult.Metadata;
import org.apache.beam.sdk.io.fs.MetadataCoderV2;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.Contextful;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Requirements;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.Watch;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The watching counterpart of {@link MatchSamples}: lists the input patterns again at every poll
 * interval, forever, and emits each file once it has stopped changing, as the same metadata that
 * {@link ExtractSamples} reads. Files already stored are then skipped there as known samples.
 *
 * <p>A file is taken once it has not changed for a poll interval: its size and modification time
 * are the same as at the previous poll, or its modification time is already more than an interval
 * old (a file moved into the folder, or there when Merc starts). So a file still being copied in
 * is not read truncated. A file that changes after it was taken is taken again once it is stable:
 * it is a new sample at the same path.
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
        .apply("ListPatterns", Create.of(patterns).withCoder(StringUtf8Coder.of()))
        .apply(
            "PollStableFiles",
            Watch.growthOf(
                    Contextful.of(new StableFilesFn(pollInterval), Requirements.empty()),
                    new VersionFn())
                .withPollInterval(pollInterval)
                .withTerminationPerInput(Watch.Growth.never())
                .withOutputCoder(MetadataCoderV2.of())
                .withOutputKeyCoder(StringUtf8Coder.of()))
        .apply("Files", Values.create())
        // One poll's files are otherwise all extracted by the worker that listed them.
        .apply("Spread", Reshuffle.viaRandomKey())
        .apply("CountMatched", ParDo.of(new CountMatchedFn()))
        .setCoder(JsonCoder.of(SampleFile.class));
  }

  /**
   * Lists one pattern and returns the files that have not changed since the previous poll. The
   * previous listing is kept in this JVM, keyed by this function's id: if a runner polls from
   * another worker, or after a restart, the listing is simply missing and the files are taken one
   * poll later (or at once, by their modification time); nothing is taken early.
   */
  static class StableFilesFn extends Watch.Growth.PollFn<String, Metadata> {
    private static final Map<String, Map<String, Version>> PREVIOUS = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();
    private final Duration pollInterval;

    StableFilesFn(Duration pollInterval) {
      this.pollInterval = pollInterval;
    }

    @Override
    public Watch.Growth.PollResult<Metadata> apply(String pattern, Context c) throws Exception {
      Instant now = Instant.now();
      String key = id + "\n" + pattern;
      Map<String, Version> before = PREVIOUS.getOrDefault(key, Map.of());
      Map<String, Version> listing = new HashMap<>();
      List<Metadata> stable = new ArrayList<>();
      for (Metadata file : FileSystems.match(pattern, EmptyMatchTreatment.ALLOW).metadata()) {
        if (file.resourceId().isDirectory()) {
          continue;
        }
        String name = file.resourceId().toString();
        Version version = new Version(file.sizeBytes(), file.lastModifiedMillis());
        listing.put(name, version);
        boolean settled = file.lastModifiedMillis() > 0
            && now.getMillis() - file.lastModifiedMillis() > pollInterval.getMillis();
        if (version.equals(before.get(name)) || settled) {
          stable.add(file);
        }
      }
      PREVIOUS.put(key, listing);
      return Watch.Growth.PollResult.incomplete(now, stable).withWatermark(now);
    }
  }

  /** What identifies one version of a file: its size and modification time. */
  record Version(long size, long lastModifiedMillis) {}

  /** Watch emits each key once: a file, per version. */
  static class VersionFn implements SerializableFunction<Metadata, String> {
    @Override
    public String apply(Metadata file) {
      return file.resourceId() + "\n" + file.sizeBytes() + "\n" + file.lastModifiedMillis();
    }
  }

  /** Counts each new file (the progress line's denominator). */
  static class CountMatchedFn extends DoFn<Metadata, SampleFile> {
    private final Counter files = MercMetrics.counter(MercMetrics.MATCHED_FILES);
    private final Counter bytes = MercMetrics.counter(MercMetrics.MATCHED_BYTES);

    @ProcessElement
    public void process(@Element Metadata file, OutputReceiver<SampleFile> out) {
      files.inc();
      bytes.inc(file.sizeBytes());
      out.output(SampleFile.of(file));
    }
  }
}
