package dev.merc.transforms.queue;

import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.io.UnboundedSource;

/**
 * The queue source's checkpoint: the entries a reader had fetched from Redis but not yet emitted,
 * so that a reader resumed from it emits them instead of leaving them to the claim timeout; and
 * the Redis server time at which it was taken, so that a reader resumed from it also emits again
 * what its consumer was delivered after it (a runner that restores a checkpoint after a failure
 * has lost those; see {@link QueueReader}).
 *
 * <p>Finalizing it acknowledges nothing, on purpose: a runner finalizes a checkpoint once the
 * source's output is durable inside the runner, which on the DirectRunner is long before the
 * sample's rows reach the database. Acknowledgement happens downstream instead, in
 * {@link AckEntries}, after the commit.
 *
 * @param redisMillis the Redis server's clock when the checkpoint was taken, in milliseconds
 */
public record QueueCheckpoint(List<QueueEntry> unread, long redisMillis)
    implements UnboundedSource.CheckpointMark, Serializable {

  public QueueCheckpoint {
    unread = List.copyOf(unread);
  }

  @Override
  public void finalizeCheckpoint() {}
}
