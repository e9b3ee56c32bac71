package dev.merc.transforms.queue;

import java.io.Serializable;
import org.apache.beam.sdk.io.redis.RedisConnectionConfiguration;

/**
 * Where the work queue lives and how its consumers behave.
 *
 * @param claimIdleMillis an entry pending this long with a consumer of another job is taken over:
 *     that consumer is presumed dead. Must exceed the time an entry can spend in a live consumer.
 * @param maxInFlight most entries one consumer holds delivered but not yet acknowledged; it reads
 *     no more until acknowledgements bring it below
 * @param maxDeliveries an entry already delivered this many times is not processed again but moved
 *     to the dead stream with a failures row
 */
public record QueueSettings(
    RedisConnectionConfiguration redis,
    String stream,
    String group,
    long claimIdleMillis,
    int maxInFlight,
    int maxDeliveries)
    implements Serializable {

  /** Where entries delivered too often go: {@code <stream>:dead}. */
  public String deadStream() {
    return stream + ":dead";
  }
}
