package dev.merc.transforms.queue;

import java.io.Serializable;
import org.apache.beam.sdk.io.UnboundedSource;

/**
 * The queue source's checkpoint. It holds nothing and finalizing it acknowledges nothing, on
 * purpose: a runner finalizes a checkpoint once the source's output is durable inside the runner,
 * which on the DirectRunner is long before the sample's rows reach the database. Acknowledgement
 * happens downstream instead, in {@link AckEntries}, after the commit. An entry read by a reader
 * that is then lost stays pending in Redis and is claimed again after the idle time.
 */
public final class QueueCheckpoint implements UnboundedSource.CheckpointMark, Serializable {

  private static final long serialVersionUID = 1L;

  @Override
  public void finalizeCheckpoint() {}

  @Override
  public boolean equals(Object other) {
    return other instanceof QueueCheckpoint;
  }

  @Override
  public int hashCode() {
    return 1;
  }
}
