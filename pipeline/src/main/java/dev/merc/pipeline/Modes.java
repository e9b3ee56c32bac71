package dev.merc.pipeline;

import dev.merc.transforms.RedisUrls;
import dev.merc.transforms.queue.QueueGroups;
import dev.merc.transforms.queue.QueueSettings;
import org.apache.beam.sdk.io.redis.RedisConnectionConfiguration;
import org.apache.beam.sdk.options.StreamingOptions;
import org.joda.time.Duration;
import redis.clients.jedis.Jedis;

/**
 * How a run gets its samples and where else it reports them, from the options: batch over
 * {@code --input} (the default), watching it ({@code --watch}), or the Redis work queue
 * ({@code --queueStream}); plus the optional Redis result stream ({@code --resultStream}).
 *
 * @param queue the work queue, or null
 * @param watch the poll interval, or null
 * @param redis the Redis server, or null when neither stream is used
 * @param resultStream the result stream, or null
 */
record Modes(
    QueueSettings queue,
    Duration watch,
    RedisConnectionConfiguration redis,
    String resultStream,
    long resultStreamMaxLen) {

  boolean streaming() {
    return queue != null || watch != null;
  }

  /** Checks the mode options, and that Redis answers when it is needed; marks streaming runs. */
  static Modes of(MercOptions options) {
    String queueStream = blankToNull(options.getQueueStream());
    String resultStream = blankToNull(options.getResultStream());
    Duration watch =
        options.getWatch().isBlank() ? null : Durations.parse("watch", options.getWatch());
    // Checked here rather than by @Validation.Required, whose message for "one of two" names
    // neither option as a flag.
    if (queueStream == null && (options.getInput() == null || options.getInput().isBlank())) {
      throw new InvalidOptionException(
          "input", "is required: the samples to process (or --queueStream for the work queue)");
    }
    if (queueStream != null && options.getInput() != null) {
      throw new InvalidOptionException("input", "cannot be combined with --queueStream");
    }
    if (queueStream != null && watch != null) {
      throw new InvalidOptionException("watch", "cannot be combined with --queueStream");
    }
    if ((queueStream != null || watch != null) && !options.getJsonOutput().isEmpty()) {
      throw new InvalidOptionException(
          "jsonOutput", "is only written by batch runs, not with --queueStream or --watch");
    }
    if (resultStream != null && options.getResultStreamMaxLen() < 1) {
      throw new InvalidOptionException("resultStreamMaxLen",
          "must be at least 1, got " + options.getResultStreamMaxLen());
    }
    if (queueStream != null && options.getQueueMaxInFlight() < 1) {
      throw new InvalidOptionException("queueMaxInFlight",
          "must be at least 1, got " + options.getQueueMaxInFlight());
    }
    if (queueStream != null && options.getQueueMaxDeliveries() < 1) {
      throw new InvalidOptionException("queueMaxDeliveries",
          "must be at least 1, got " + options.getQueueMaxDeliveries());
    }
    RedisConnectionConfiguration redis = null;
    QueueSettings queue = null;
    if (queueStream != null || resultStream != null) {
      redis = connect(options.getRedisUrl());
    }
    if (queueStream != null) {
      if (options.getQueueGroup().isBlank()) {
        throw new InvalidOptionException("queueGroup", "must not be empty");
      }
      Duration idle = Durations.parse("queueClaimIdle", options.getQueueClaimIdle());
      queue = new QueueSettings(redis, queueStream, options.getQueueGroup(), idle.getMillis(),
          options.getQueueMaxInFlight(), options.getQueueMaxDeliveries());
      try (Jedis jedis = redis.connect()) {
        QueueGroups.ensure(jedis, queueStream, options.getQueueGroup());
      } catch (RuntimeException e) {
        throw new InvalidOptionException("queueStream", OptionChecks.rootMessage(e), e);
      }
    }
    if (queueStream != null || watch != null) {
      options.as(StreamingOptions.class).setStreaming(true);
    }
    return new Modes(queue, watch, redis, resultStream, options.getResultStreamMaxLen());
  }

  /** Parses the URL and sends a PING, so that a wrong address fails before any work. */
  static RedisConnectionConfiguration connect(String url) {
    RedisConnectionConfiguration redis;
    try {
      redis = RedisUrls.parse(url);
    } catch (IllegalArgumentException e) {
      throw new InvalidOptionException("redisUrl", e.getMessage(), e);
    }
    try (Jedis jedis = redis.connect()) {
      jedis.ping();
    } catch (RuntimeException e) {
      throw new InvalidOptionException(
          "redisUrl", "cannot connect to " + url + ": " + OptionChecks.rootMessage(e), e);
    }
    return redis;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
