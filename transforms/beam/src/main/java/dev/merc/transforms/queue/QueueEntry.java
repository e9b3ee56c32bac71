package dev.merc.transforms.queue;

import java.io.Serializable;
import java.util.Map;

/**
 * One entry of the work queue: its stream id, which the acknowledgement names, and the sample path
 * it carries (null when the entry has no {@code path} field; that becomes a failures row).
 *
 * @param archive true when the loader queued the path as an archive to read entry by entry
 *     ({@code type=archive}); false for a sample file, or a path {@code archive!entry}
 * @param deadLetter set when the entry was delivered too often ({@code --queueMaxDeliveries}): the
 *     reason. It is then not processed but recorded as a failure and moved to the dead stream.
 */
public record QueueEntry(String id, String path, boolean archive, String deadLetter)
    implements Serializable {

  /** The field the loader writes and the consumer reads. */
  public static final String PATH_FIELD = "path";
  /** Says what the path is; absent for a sample file. */
  public static final String TYPE_FIELD = "type";
  /** The value of {@link #TYPE_FIELD} for an archive whose entries are the samples. */
  public static final String ARCHIVE = "archive";

  /** The entry as the loader wrote it; {@code fields} may be null for an entry since deleted. */
  static QueueEntry of(String id, Map<String, String> fields) {
    if (fields == null) {
      return new QueueEntry(id, null, false, null);
    }
    return new QueueEntry(
        id, fields.get(PATH_FIELD), ARCHIVE.equals(fields.get(TYPE_FIELD)), null);
  }

  QueueEntry asDeadLetter(String reason) {
    return new QueueEntry(id, path, archive, reason);
  }
}
