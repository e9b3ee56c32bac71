package dev.merc.transforms.queue;

import java.io.Serializable;
import org.apache.beam.sdk.io.redis.RedisConnectionConfiguration;

/**
 * Where the work queue lives and how its consumers behave.
 *
 * @param claimIdleMillis an entry pending this long with another consumer is taken over
 *     (XAUTOCLAIM): that consumer is presumed dead. Must exceed the longest time one sample takes.
 */
public record QueueSettings(
    RedisConnectionConfiguration redis, String stream, String group, long claimIdleMillis)
    implements Serializable {}
