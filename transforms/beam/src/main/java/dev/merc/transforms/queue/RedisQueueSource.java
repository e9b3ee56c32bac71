package dev.merc.transforms.queue;

import dev.merc.transforms.JsonCoder;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Reads the work queue through a consumer group. Each split is one consumer of the group, named
 * {@code <job prefix>-<split>}; the prefix (host and a random part) is fixed when the pipeline is
 * built, so every consumer of one job shares it and a job never takes over its own entries.
 */
public class RedisQueueSource extends UnboundedSource<QueueEntry, QueueCheckpoint> {

  /** More consumers than this per job only add connections: extraction is the bottleneck. */
  private static final int MAX_SPLITS = 8;

  private final QueueSettings settings;
  private final String jobPrefix;
  private final String consumer;

  public RedisQueueSource(QueueSettings settings) {
    this(settings, jobPrefix(), 0);
  }

  private RedisQueueSource(QueueSettings settings, String jobPrefix, int split) {
    this.settings = settings;
    this.jobPrefix = jobPrefix;
    this.consumer = jobPrefix + "-" + split;
  }

  @Override
  public List<RedisQueueSource> split(int desiredNumSplits, PipelineOptions options) {
    List<RedisQueueSource> splits = new ArrayList<>();
    for (int i = 0; i < Math.max(1, Math.min(desiredNumSplits, MAX_SPLITS)); i++) {
      splits.add(new RedisQueueSource(settings, jobPrefix, i));
    }
    return splits;
  }

  /** This split's consumer name. */
  String consumer() {
    return consumer;
  }

  @Override
  public QueueReader createReader(PipelineOptions options, QueueCheckpoint checkpoint) {
    return new QueueReader(this, settings, consumer, jobPrefix, checkpoint);
  }

  @Override
  public Coder<QueueCheckpoint> getCheckpointMarkCoder() {
    return SerializableCoder.of(QueueCheckpoint.class);
  }

  @Override
  public Coder<QueueEntry> getOutputCoder() {
    return JsonCoder.of(QueueEntry.class);
  }

  /** Host and a random part: a restarted job is a new job, and claims what the old one left. */
  private static String jobPrefix() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown";
    }
    return "merc-" + host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
