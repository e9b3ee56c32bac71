package dev.merc.transforms;

import dev.merc.core.record.RecordSummary;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.redis.RedisConnectionConfiguration;
import org.apache.beam.sdk.io.redis.RedisIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PDone;

/**
 * Publishes a summary of every input's outcome (stored, known or failed; see {@link RecordSummary})
 * to a Redis stream with RedisIO's XADD, trimmed approximately to a maximum length, so that a
 * classifier or a dashboard can react to samples as they arrive. Given a commit signal (the
 * streaming modes), each summary waits for its window's rows to be committed, so that a reader of
 * the stream finds the sample in the database.
 */
public class PublishResults extends PTransform<PCollectionTuple, PDone> {

  private final RedisConnectionConfiguration redis;
  private final String stream;
  private final long maxLen;
  private final PCollection<Void> committed;

  public PublishResults(RedisConnectionConfiguration redis, String stream, long maxLen) {
    this(redis, stream, maxLen, null);
  }

  private PublishResults(RedisConnectionConfiguration redis, String stream, long maxLen,
      PCollection<Void> committed) {
    this.redis = redis;
    this.stream = stream;
    this.maxLen = maxLen;
    this.committed = committed;
  }

  /** Publishes each summary only once {@code committed} says its window's rows are committed. */
  public PublishResults afterCommit(PCollection<Void> committed) {
    return new PublishResults(redis, stream, maxLen, committed);
  }

  @Override
  public PDone expand(PCollectionTuple extracted) {
    PCollection<KV<String, Map<String, String>>> stored =
        afterCommit(extracted.get(ExtractSamples.RECORDS), "Stored")
            .apply("SummarizeStored", ParDo.of(new SummarizeFn<>(stream, RecordSummary::stored)));
    PCollection<KV<String, Map<String, String>>> known =
        afterCommit(extracted.get(ExtractSamples.KNOWN), "Known")
            .apply("SummarizeKnown", ParDo.of(new SummarizeFn<>(stream, RecordSummary::known)));
    PCollection<KV<String, Map<String, String>>> failed =
        afterCommit(extracted.get(ExtractSamples.FAILURES), "Failed")
            .apply("SummarizeFailed", ParDo.of(new SummarizeFn<>(stream, RecordSummary::failed)));
    KvCoder<String, Map<String, String>> coder =
        KvCoder.of(StringUtf8Coder.of(), MapCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));
    return PCollectionList.of(stored.setCoder(coder)).and(known.setCoder(coder))
        .and(failed.setCoder(coder))
        .apply("CollectSummaries", Flatten.pCollections())
        .apply(
            "AddToStream",
            RedisIO.writeStreams()
                .withConnectionConfiguration(redis)
                .withMaxLen(maxLen)
                .withApproximateTrim(true));
  }

  private <T> PCollection<T> afterCommit(PCollection<T> outcomes, String what) {
    if (committed == null) {
      return outcomes;
    }
    return outcomes.apply("Wait" + what, Wait.on(committed)).setCoder(outcomes.getCoder());
  }

  /** Turns one outcome into a stream entry: the stream's name and the summary's fields. */
  static class SummarizeFn<T> extends DoFn<T, KV<String, Map<String, String>>> {
    private final String stream;
    private final SerializableFunction<T, Map<String, String>> summary;
    private final Counter published = MercMetrics.counter(MercMetrics.PUBLISHED);

    SummarizeFn(String stream, SerializableFunction<T, Map<String, String>> summary) {
      this.stream = stream;
      this.summary = summary;
    }

    @ProcessElement
    public void process(@Element T outcome, OutputReceiver<KV<String, Map<String, String>>> out) {
      published.inc();
      out.output(KV.of(stream, summary.apply(outcome)));
    }
  }
}
