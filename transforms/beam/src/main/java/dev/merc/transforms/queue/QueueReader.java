package dev.merc.transforms.queue;

import dev.merc.transforms.MercMetrics;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XClaimParams;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamConsumersInfo;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamPendingEntry;

/**
 * One consumer of the group, reading one split of {@link RedisQueueSource}. It takes, in order:
 *
 * <ol>
 *   <li>when resumed from a checkpoint, the entries its consumer was delivered after that
 *       checkpoint and has not acknowledged: a runner that restores a checkpoint after a failure
 *       (Flink) has lost them. A runner that merely re-creates readers (the DirectRunner) has
 *       emitted nothing after the checkpoint, so there are none;
 *   <li>entries that a consumer of <em>another</em> job has left pending for longer than the claim
 *       idle time (XPENDING IDLE, then XCLAIM): that job is presumed dead. Entries of this job's
 *       own consumers are never taken over, however long they wait: they are inside this job's
 *       runner, queued behind other work, and taking them over would only emit them again (and
 *       reset their idle time, so a long backlog would be emitted over and over);
 *   <li>new entries (XREADGROUP {@code >}).
 * </ol>
 *
 * <p>It reads nothing while its consumer holds {@code maxInFlight} entries delivered but not
 * acknowledged (its pending count in XINFO CONSUMERS): a runner without back-pressure, such as the
 * DirectRunner, would otherwise pull a long queue into memory at once, and entries waiting that
 * long in one job look abandoned to the others.
 *
 * <p>An entry already delivered {@code maxDeliveries} times is emitted as a dead letter instead of
 * a sample: a failures row records it, and {@link AckEntries} moves it to the dead stream once that
 * row is committed. It never acknowledges anything itself: see {@link QueueCheckpoint}.
 *
 * <p>Elements are stamped with the time they were read, and the watermark is that clock: what is
 * read later is never behind it. This lets the acknowledgement wait on windows of read time.
 */
class QueueReader extends UnboundedSource.UnboundedReader<QueueEntry> {

  private static final Logger LOG = LoggerFactory.getLogger(QueueReader.class);
  private static final int BATCH = 16;
  /** Pending entries examined per XPENDING call, and pages per claim round. */
  private static final int PAGE = 100;
  private static final int PAGES_PER_ROUND = 10;
  /** Short enough that the runner regains control often, long enough not to spin on an empty queue. */
  private static final int BLOCK_MILLIS = 200;
  /**
   * No delivery for this long after a checkpoint, so that Redis stamps every later delivery at
   * least a millisecond after the checkpoint's time and a resumed reader can tell them apart.
   */
  private static final int CHECKPOINT_GAP_MILLIS = 10;

  private final RedisQueueSource source;
  private final QueueSettings settings;
  private final String consumer;
  private final String jobPrefix;
  private final long resumedFrom;
  private final Deque<QueueEntry> buffer = new ArrayDeque<>();
  private final Counter claimed = MercMetrics.counter(MercMetrics.CLAIMED);
  private Jedis jedis;
  private QueueEntry current;
  private Instant currentTimestamp;
  private Instant clock = BoundedWindow.TIMESTAMP_MIN_VALUE;
  /** Local clock: no read from Redis before this (at the cap, or just after a checkpoint). */
  private long nextReadAt;
  private long nextClaimAt;
  /** Where the next claim round starts in the pending list; null for its beginning. */
  private StreamEntryID claimCursor;

  /**
   * @param jobPrefix the name prefix that all consumers of this job share
   * @param checkpoint where a previous reader of this split stopped, or null
   */
  QueueReader(RedisQueueSource source, QueueSettings settings, String consumer, String jobPrefix,
      QueueCheckpoint checkpoint) {
    this.source = source;
    this.settings = settings;
    this.consumer = consumer;
    this.jobPrefix = jobPrefix;
    this.resumedFrom = checkpoint == null ? -1 : checkpoint.redisMillis();
    if (checkpoint != null) {
      buffer.addAll(checkpoint.unread());
    }
  }

  @Override
  public boolean start() {
    jedis = settings.redis().connect();
    QueueGroups.ensure(jedis, settings.stream(), settings.group());
    if (resumedFrom >= 0) {
      recoverDeliveredAfterCheckpoint();
    }
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
    if (now < nextReadAt) {
      return;
    }
    long room = settings.maxInFlight() - ownPending();
    if (room <= 0) {
      // Acknowledgements come from downstream; look again shortly rather than spin.
      nextReadAt = now + BLOCK_MILLIS;
      return;
    }
    if (now >= nextClaimAt) {
      room -= claimAbandoned(room);
      if (buffer.isEmpty()) {
        // Checked again after a fraction of the idle time, so a dead job's work waits at most
        // about 1.25 times the idle time.
        nextClaimAt = now + Math.max(1000, settings.claimIdleMillis() / 4);
      }
    }
    if (buffer.isEmpty() && room > 0) {
      readNew((int) Math.min(BATCH, room));
    }
  }

  /** Entries delivered to this consumer and not yet acknowledged. */
  private long ownPending() {
    for (StreamConsumersInfo c : jedis.xinfoConsumers(settings.stream(), settings.group())) {
      if (consumer.equals(c.getName())) {
        return c.getPending();
      }
    }
    return 0;
  }

  private boolean ofThisJob(String consumerName) {
    return consumerName.startsWith(jobPrefix + "-");
  }

  /** Takes over up to {@code room} entries idle too long with other jobs' consumers. */
  private int claimAbandoned(long room) {
    int n = 0;
    for (int page = 0; page < PAGES_PER_ROUND && n < room; page++) {
      XPendingParams params =
          XPendingParams.xPendingParams().idle(settings.claimIdleMillis()).count(PAGE);
      if (claimCursor != null) {
        params.start(claimCursor);
      }
      List<StreamPendingEntry> idle = jedis.xpending(settings.stream(), settings.group(), params);
      claimCursor = idle.size() < PAGE ? null : after(idle.get(idle.size() - 1).getID());
      List<StreamPendingEntry> abandoned = new ArrayList<>();
      for (StreamPendingEntry e : idle) {
        if (!ofThisJob(e.getConsumerName()) && n + abandoned.size() < room) {
          abandoned.add(e);
        }
      }
      n += claim(abandoned, settings.claimIdleMillis());
      if (claimCursor == null) {
        break;
      }
    }
    if (n > 0) {
      claimed.inc(n);
      LOG.info("{} claimed {} entries of {} left pending by another job's consumer", consumer, n,
          settings.stream());
    }
    return n;
  }

  /**
   * A runner restoring this checkpoint after a failure lost what the reader emitted after it; those
   * entries are still pending with this consumer, delivered after the checkpoint's time.
   */
  private void recoverDeliveredAfterCheckpoint() {
    // Taken before XPENDING, so that "idle < since" means delivered strictly after the checkpoint.
    long since = redisMillis() - resumedFrom;
    Set<String> unread = new HashSet<>();
    for (QueueEntry e : buffer) {
      unread.add(e.id());
    }
    List<StreamPendingEntry> lost = new ArrayList<>();
    StreamEntryID start = null;
    while (true) {
      XPendingParams params = XPendingParams.xPendingParams().count(PAGE).consumer(consumer);
      if (start != null) {
        params.start(start);
      }
      List<StreamPendingEntry> page = jedis.xpending(settings.stream(), settings.group(), params);
      for (StreamPendingEntry e : page) {
        if (e.getIdleTime() < since && !unread.contains(e.getID().toString())) {
          lost.add(e);
        }
      }
      if (page.size() < PAGE) {
        break;
      }
      start = after(page.get(page.size() - 1).getID());
    }
    int n = claim(lost, 0);
    if (n > 0) {
      LOG.info("{} resumed from a checkpoint: emitting again {} entries delivered after it",
          consumer, n);
    }
  }

  /**
   * XCLAIMs the entries for this consumer (only those still idle for {@code minIdle}, so two
   * consumers never both win one) and buffers them; those delivered too often as dead letters.
   */
  private int claim(List<StreamPendingEntry> candidates, long minIdle) {
    if (candidates.isEmpty()) {
      return 0;
    }
    Map<String, Long> deliveries = new HashMap<>();
    StreamEntryID[] ids = new StreamEntryID[candidates.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = candidates.get(i).getID();
      deliveries.put(ids[i].toString(), candidates.get(i).getDeliveredTimes());
    }
    List<StreamEntry> entries = jedis.xclaim(settings.stream(), settings.group(), consumer,
        minIdle, XClaimParams.xClaimParams(), ids);
    int n = 0;
    for (StreamEntry entry : entries) {
      if (entry == null) {
        continue;
      }
      QueueEntry q = QueueEntry.of(entry.getID().toString(), entry.getFields());
      long delivered = deliveries.getOrDefault(q.id(), 0L);
      if (delivered >= settings.maxDeliveries()) {
        q = q.asDeadLetter("delivered " + delivered + " times without being acknowledged"
            + " (--queueMaxDeliveries=" + settings.maxDeliveries() + "); moved to "
            + settings.deadStream());
      }
      buffer.add(q);
      n++;
    }
    return n;
  }

  private void readNew(int count) {
    List<Map.Entry<String, List<StreamEntry>>> streams =
        jedis.xreadGroup(
            settings.group(), consumer,
            XReadGroupParams.xReadGroupParams().count(count).block(BLOCK_MILLIS),
            Map.of(settings.stream(), StreamEntryID.UNRECEIVED_ENTRY));
    if (streams == null) {
      return;
    }
    for (Map.Entry<String, List<StreamEntry>> stream : streams) {
      for (StreamEntry entry : stream.getValue()) {
        buffer.add(QueueEntry.of(entry.getID().toString(), entry.getFields()));
      }
    }
  }

  /** The smallest id after {@code id}: XPENDING's range is inclusive. */
  private static StreamEntryID after(StreamEntryID id) {
    return id.getSequence() == Long.MAX_VALUE
        ? new StreamEntryID(id.getTime() + 1, 0)
        : new StreamEntryID(id.getTime(), id.getSequence() + 1);
  }

  private long redisMillis() {
    List<String> time = jedis.time();
    return Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
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
    long at = redisMillis();
    nextReadAt = Math.max(nextReadAt, System.currentTimeMillis() + CHECKPOINT_GAP_MILLIS);
    return new QueueCheckpoint(List.copyOf(buffer), at);
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
