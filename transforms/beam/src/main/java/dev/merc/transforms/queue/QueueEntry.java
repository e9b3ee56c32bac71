package dev.merc.transforms.queue;

import java.io.Serializable;

/**
 * One entry of the work queue: its stream id, which the acknowledgement names, and the sample path
 * it carries (null when the entry has no {@code path} field; that becomes a failures row).
 */
public record QueueEntry(String id, String path) implements Serializable {

  /** The field the loader writes and the consumer reads. */
  public static final String PATH_FIELD = "path";
}
