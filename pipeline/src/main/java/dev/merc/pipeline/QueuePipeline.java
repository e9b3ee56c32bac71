package dev.merc.pipeline;

import dev.merc.schema.DatabaseConfig;
import dev.merc.transforms.ExtractSamples;
import dev.merc.transforms.JsonCoder;
import dev.merc.transforms.WriteToDatabase;
import dev.merc.transforms.queue.AckEntries;
import dev.merc.transforms.queue.QueueEntry;
import dev.merc.transforms.queue.ReadQueue;
import dev.merc.transforms.queue.ResolveEntries;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.VoidCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.joda.time.Duration;

/**
 * Work-queue mode: a streaming job that reads sample paths from a Redis stream through a consumer
 * group and runs them through the same extraction and database write as a batch run.
 *
 * <p>Acknowledging only after the commit: JdbcIO's write gives no per-element completion, but its
 * (empty) result's watermark per window only passes once every row of the window is committed. So
 * entries are windowed by read time, and the acknowledgement waits with {@code Wait.on} for the
 * commit signal of the entry's window. A crash before that leaves the entry pending in Redis, and
 * another consumer claims it after {@code --queueClaimIdle}; the writes are upserts, so a sample
 * processed twice is still stored once. (Acknowledging in the source's checkpoint finalization
 * would be too early: the DirectRunner finalizes once the read is durable in the runner.)
 */
final class QueuePipeline {

  /** How long entries are gathered before their acknowledgement can wait on one commit signal. */
  static final Duration ACK_WINDOW = Duration.standardSeconds(1);

  private QueuePipeline() {}

  static Pipeline build(
      Pipeline pipeline,
      ExtractSamples.Settings settings,
      DatabaseConfig database,
      MercOptions options,
      Modes modes) {
    PCollection<QueueEntry> entries =
        pipeline
            .apply("ReadQueue", new ReadQueue(modes.queue()))
            .apply(
                "WindowByReadTime",
                // Nothing is ever late (stamped with the read clock, which is the watermark); the
                // explicit zero lets Wait.on re-trigger these windows.
                Window.<QueueEntry>into(FixedWindows.of(ACK_WINDOW))
                    .withAllowedLateness(Duration.ZERO));
    PCollectionTuple resolved =
        entries.apply("ResolveEntries", new ResolveEntries(modes.queue().stream(),
            MercPipeline.archiveSettings(options)));
    PCollectionTuple extracted =
        ResolveEntries.withFailures(
            resolved.get(ResolveEntries.FILES).apply("ExtractSamples", new ExtractSamples(settings)),
            resolved.get(ResolveEntries.FAILURES));
    PCollection<Void> committed =
        extracted.apply(
            "WriteToDatabase", new WriteToDatabase(database, options.getJdbcBatchSize()));
    PCollection<Void> commitSignal =
        PCollectionList.of(committed)
            .and(entries.apply("MarkWindows", ParDo.of(new MarkFn())).setCoder(VoidCoder.of()))
            .apply("CommitSignal", Flatten.pCollections())
            .apply(
                "KeepCommitWindows",
                // JdbcIO's batching forgets that the lateness was set; Wait.on needs it set.
                Window.<Void>configure().withAllowedLateness(Duration.ZERO));
    entries
        .apply("WaitForCommit", Wait.on(commitSignal))
        .setCoder(JsonCoder.of(QueueEntry.class))
        .apply("AckEntries", new AckEntries(modes.queue()));
    MercPipeline.publish(extracted, modes);
    return pipeline;
  }

  /**
   * One empty marker per entry. The commit signal itself has no elements, and the DirectRunner
   * never declares the side input of a window without elements ready; with the markers flattened
   * in, each entry's window has one, and the flattened watermark still waits for the commit.
   */
  static class MarkFn extends DoFn<QueueEntry, Void> {
    @ProcessElement
    public void process(OutputReceiver<Void> out) {
      out.output(null);
    }
  }
}
