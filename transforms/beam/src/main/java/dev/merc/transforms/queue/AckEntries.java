package dev.merc.transforms.queue;

import dev.merc.transforms.MercMetrics;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;

/**
 * Acknowledges queue entries (XACK). Apply it only to entries whose rows are committed, i.e. behind
 * {@code Wait.on} the database write: an entry acknowledged earlier would be lost with a crash.
 */
public class AckEntries extends PTransform<PCollection<QueueEntry>, PDone> {

  private final QueueSettings settings;

  public AckEntries(QueueSettings settings) {
    this.settings = settings;
  }

  @Override
  public PDone expand(PCollection<QueueEntry> entries) {
    entries.apply("Xack", ParDo.of(new AckFn(settings)));
    return PDone.in(entries.getPipeline());
  }

  /** One XACK per entry: idempotent, so a retried bundle acknowledges harmlessly again. */
  static class AckFn extends DoFn<QueueEntry, Void> {
    private final QueueSettings settings;
    private final Counter acked = MercMetrics.counter(MercMetrics.ACKED);
    private transient Jedis jedis;

    AckFn(QueueSettings settings) {
      this.settings = settings;
    }

    @Setup
    public void setup() {
      jedis = settings.redis().connect();
    }

    @Teardown
    public void teardown() {
      if (jedis != null) {
        jedis.close();
      }
    }

    @ProcessElement
    public void process(@Element QueueEntry entry) {
      acked.inc(jedis.xack(settings.stream(), settings.group(), new StreamEntryID(entry.id())));
    }
  }
}
