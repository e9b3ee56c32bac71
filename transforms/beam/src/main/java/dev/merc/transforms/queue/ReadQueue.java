package dev.merc.transforms.queue;

import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/** Reads the work queue's entries, unbounded, through its consumer group. */
public class ReadQueue extends PTransform<PBegin, PCollection<QueueEntry>> {

  private final QueueSettings settings;

  public ReadQueue(QueueSettings settings) {
    this.settings = settings;
  }

  @Override
  public PCollection<QueueEntry> expand(PBegin input) {
    return input.apply("ReadStream", Read.from(new RedisQueueSource(settings)));
  }
}
