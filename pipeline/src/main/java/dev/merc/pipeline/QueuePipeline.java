package dev.merc.pipeline;

import dev.merc.schema.DatabaseConfig;
import dev.merc.transforms.ArchiveSettings;
import dev.merc.transforms.ExtractSamples;
import dev.merc.transforms.JsonCoder;
import dev.merc.transforms.WriteToDatabase;
import dev.merc.transforms.queue.AckEntries;
import dev.merc.transforms.queue.QueueEntry;
import dev.merc.transforms.queue.ReadQueue;
import dev.merc.transforms.queue.ResolveEntries;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * Work-queue mode: a streaming job that reads sample paths from a Redis stream through a consumer
 * group and runs them through the same extraction and database write as a batch run.
 *
 * <p>Acknowledging only after the commit: entries are windowed by read time, and the
 * acknowledgement waits with {@code Wait.on} for the commit signal of the entry's window (see
 * {@link CommitSignals}); so does the result stream. A crash before that leaves the entry pending
 * in Redis, and another job's consumer claims it after {@code --queueClaimIdle}; the writes are
 * upserts, so a sample processed twice is still stored once. (Acknowledging in the source's
 * checkpoint finalization would be too early: the DirectRunner finalizes once the read is durable
 * in the runner.)
 */
final class QueuePipeline {

  private QueuePipeline() {}

  static Pipeline build(
      Pipeline pipeline,
      ExtractSamples.Settings settings,
      DatabaseConfig database,
      MercOptions options,
      Modes modes,
      ArchiveSettings archives) {
    PCollection<QueueEntry> entries =
        pipeline
            .apply("ReadQueue", new ReadQueue(modes.queue()))
            .apply("WindowByReadTime", CommitSignals.byReadTime());
    PCollectionTuple resolved =
        entries.apply("ResolveEntries", new ResolveEntries(modes.queue().stream(), archives));
    PCollectionTuple extracted =
        ResolveEntries.withFailures(
            resolved.get(ResolveEntries.FILES)
                .apply("ExtractSamples", new ExtractSamples(settings)),
            resolved.get(ResolveEntries.FAILURES));
    PCollection<Void> committed =
        extracted.apply(
            "WriteToDatabase", new WriteToDatabase(database, options.getJdbcBatchSize(),
                settings.extraction().storedVersion()));
    PCollection<Void> commitSignal = CommitSignals.of(committed, entries);
    entries
        .apply("WaitForCommit", Wait.on(commitSignal))
        .setCoder(JsonCoder.of(QueueEntry.class))
        .apply("AckEntries", new AckEntries(modes.queue()));
    MercPipeline.publish(extracted, modes, commitSignal);
    return pipeline;
  }
}
