package dev.merc.transforms.queue;

import dev.merc.transforms.MercMetrics;
import java.util.ArrayList;
import java.util.List;
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
 * A dead letter (an entry delivered too often, whose failures row is now committed) is also added
 * to the dead stream, {@code <stream>:dead}, in the same step.
 */
public class AckEntries extends PTransform<PCollection<QueueEntry>, PDone> {

  /**
   * XACK, and only if that acknowledged the entry, XADD it to the dead stream: atomic, and a
   * retried bundle adds no second copy.
   */
  static final String ACK_AND_BURY =
      "local n = redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])\n"
          + "if n == 1 then redis.call('XADD', KEYS[2], '*', unpack(ARGV, 3)) end\n"
          + "return n";

  /** Fields of a dead-stream entry besides the queued ones. */
  public static final String QUEUE_ID_FIELD = "queue_id";
  public static final String REASON_FIELD = "reason";

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
    private final Counter dead = MercMetrics.counter(MercMetrics.DEAD_LETTERS);
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
      if (entry.deadLetter() == null) {
        acked.inc(jedis.xack(settings.stream(), settings.group(), new StreamEntryID(entry.id())));
        return;
      }
      List<String> args = new ArrayList<>(List.of(settings.group(), entry.id()));
      if (entry.path() != null) {
        args.addAll(List.of(QueueEntry.PATH_FIELD, entry.path()));
      }
      if (entry.archive()) {
        args.addAll(List.of(QueueEntry.TYPE_FIELD, QueueEntry.ARCHIVE));
      }
      args.addAll(List.of(QUEUE_ID_FIELD, entry.id(), REASON_FIELD, entry.deadLetter()));
      long n = (Long) jedis.eval(
          ACK_AND_BURY, List.of(settings.stream(), settings.deadStream()), args);
      acked.inc(n);
      dead.inc(n);
    }
  }
}
