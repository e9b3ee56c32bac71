package dev.merc.transforms.queue;

import dev.merc.transforms.MercMetrics;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * One consumer of the group. It first takes over entries that another consumer has left pending
 * for longer than the claim idle time (XAUTOCLAIM), then reads new ones (XREADGROUP {@code >}).
 * It never acknowledges: see {@link QueueCheckpoint}.
 *
 * <p>Elements are stamped with the time they were read, and the watermark is that clock: what is
 * read later is never behind it. This lets the acknowledgement wait on windows of read time.
 */
class QueueReader extends UnboundedSource.UnboundedReader<QueueEntry> {

  private static final Logger LOG = LoggerFactory.getLogger(QueueReader.class);
  private static final int BATCH = 16;
  /** Short enough that the runner regains control often, long enough not to spin on an empty queue. */
  private static final int BLOCK_MILLIS = 200;

  private final RedisQueueSource source;
  private final QueueSettings settings;
  private final String consumer;
  private final Deque<QueueEntry> buffer = new ArrayDeque<>();
  private final Counter claimed = MercMetrics.counter(MercMetrics.CLAIMED);
  private Jedis jedis;
  private QueueEntry current;
  private Instant currentTimestamp;
  private Instant clock = BoundedWindow.TIMESTAMP_MIN_VALUE;
  private long nextClaimAt;
  private StreamEntryID claimCursor = new StreamEntryID(0, 0);

  /** @param checkpoint where a previous reader of this split stopped, or null */
  QueueReader(
      RedisQueueSource source, QueueSettings settings, String consumer, QueueCheckpoint checkpoint) {
    this.source = source;
    this.settings = settings;
    this.consumer = consumer;
    if (checkpoint != null) {
      buffer.addAll(checkpoint.unread());
    }
  }

  @Override
  public boolean start() {
    jedis = settings.redis().connect();
    QueueGroups.ensure(jedis, settings.stream(), settings.group());
    return advance();
  }

  @Override
  public boolean advance() {
    if (buffer.isEmpty()) {
      fill();
    }
    current = buffer.poll();
    if (current == null) {
      return false;
    }
    currentTimestamp = tick();
    return true;
  }

  private void fill() {
    long now = System.currentTimeMillis();
    if (now >= nextClaimAt) {
      claimIdle();
      if (buffer.isEmpty()) {
        // Checked again after a fraction of the idle time, so a dead consumer's work waits at most
        // about 1.25 times the idle time.
        nextClaimAt = now + Math.max(1000, settings.claimIdleMillis() / 4);
      }
    }
    if (buffer.isEmpty()) {
      readNew();
    }
  }

  private void claimIdle() {
    Map.Entry<StreamEntryID, List<StreamEntry>> page =
        jedis.xautoclaim(
            settings.stream(), settings.group(), consumer, settings.claimIdleMillis(),
            claimCursor, new XAutoClaimParams().count(BATCH));
    claimCursor = page.getKey();
    int n = 0;
    for (StreamEntry entry : page.getValue()) {
      if (entry != null) {
        buffer.add(toQueueEntry(entry));
        n++;
      }
    }
    if (n > 0) {
      claimed.inc(n);
      LOG.info("{} claimed {} entries of {} left pending by another consumer", consumer, n,
          settings.stream());
    }
  }

  private void readNew() {
    List<Map.Entry<String, List<StreamEntry>>> streams =
        jedis.xreadGroup(
            settings.group(), consumer,
            XReadGroupParams.xReadGroupParams().count(BATCH).block(BLOCK_MILLIS),
            Map.of(settings.stream(), StreamEntryID.UNRECEIVED_ENTRY));
    if (streams == null) {
      return;
    }
    for (Map.Entry<String, List<StreamEntry>> stream : streams) {
      for (StreamEntry entry : stream.getValue()) {
        buffer.add(toQueueEntry(entry));
      }
    }
  }

  private static QueueEntry toQueueEntry(StreamEntry entry) {
    Map<String, String> fields = entry.getFields();
    return new QueueEntry(
        entry.getID().toString(), fields == null ? null : fields.get(QueueEntry.PATH_FIELD));
  }

  /** Read time, never going backwards even if the wall clock does. */
  private Instant tick() {
    Instant now = Instant.now();
    if (now.isAfter(clock)) {
      clock = now;
    }
    return clock;
  }

  @Override
  public Instant getWatermark() {
    // Whatever is emitted later is stamped by the same clock, so never behind it.
    return tick();
  }

  @Override
  public QueueCheckpoint getCheckpointMark() {
    return new QueueCheckpoint(List.copyOf(buffer));
  }

  @Override
  public RedisQueueSource getCurrentSource() {
    return source;
  }

  @Override
  public QueueEntry getCurrent() {
    if (current == null) {
      throw new NoSuchElementException();
    }
    return current;
  }

  @Override
  public Instant getCurrentTimestamp() {
    if (current == null) {
      throw new NoSuchElementException();
    }
    return currentTimestamp;
  }

  @Override
  public void close() {
    if (jedis != null) {
      jedis.close();
    }
  }
}
