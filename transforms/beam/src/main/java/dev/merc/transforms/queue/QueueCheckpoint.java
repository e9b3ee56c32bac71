package dev.merc.transforms.queue;

import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.io.UnboundedSource;

/**
 * The queue source's checkpoint: the entries a reader had fetched from Redis but not yet emitted,
 * so that a reader resumed from it emits them instead of leaving them to the claim timeout.
 *
 * <p>Finalizing it acknowledges nothing, on purpose: a runner finalizes a checkpoint once the
 * source's output is durable inside the runner, which on the DirectRunner is long before the
 * sample's rows reach the database. Acknowledgement happens downstream instead, in
 * {@link AckEntries}, after the commit. An entry read by a reader that is then lost stays pending
 * in Redis and is claimed again after the idle time.
 */
public record QueueCheckpoint(List<QueueEntry> unread)
    implements UnboundedSource.CheckpointMark, Serializable {

  public QueueCheckpoint {
    unread = List.copyOf(unread);
  }

  @Override
  public void finalizeCheckpoint() {}
}
