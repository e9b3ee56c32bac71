package dev.merc.transforms;

import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * The counters a run is accounted by: every matched file ends as stored, known or failed, so
 * {@code matched_files = stored + known + failed} once the run is done.
 */
public final class MercMetrics {

  public static final String NAMESPACE = "merc";
  public static final String MATCHED_FILES = "matched_files";
  public static final String MATCHED_BYTES = "matched_bytes";
  /** Extracted in this run and written to the database. */
  public static final String STORED = "stored";
  /** Already stored by the current extractor: only the path was recorded. */
  public static final String KNOWN = "known";
  /**
   * Of the known, those recognised by the md5 and size their storage listed (gs://), and so never
   * downloaded.
   */
  public static final String KNOWN_UNREAD = "known_unread";
  public static final String FAILED = "failed";
  /** Stored samples whose extraction ran past its time cap: they keep only their hashes. */
  public static final String TIMED_OUT = "timed_out";
  /** Samples that waited before being read, for other samples to leave memory. */
  public static final String WAITED_FOR_MEMORY = "waited_for_memory";
  /** Bytes of the inputs that reached one of the three ends above. */
  public static final String DONE_BYTES = "done_bytes";
  /** Summaries handed to the Redis result stream. */
  public static final String PUBLISHED = "published";
  /** Work-queue entries acknowledged after their sample's rows were committed. */
  public static final String ACKED = "acked";
  /** Work-queue entries taken over from a consumer that left them pending too long. */
  public static final String CLAIMED = "claimed";
  /** Work-queue entries delivered too often, moved to the dead stream with a failures row. */
  public static final String DEAD_LETTERS = "dead_letters";

  private MercMetrics() {}

  public static Counter counter(String name) {
    return Metrics.counter(NAMESPACE, name);
  }
}
