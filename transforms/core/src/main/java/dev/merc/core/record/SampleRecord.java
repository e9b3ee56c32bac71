package dev.merc.core.record;

import java.util.List;

/**
 * One sample, as shared/spec/sample-record.md defines it. The database rows, the JSON Lines export
 * and the Redis summaries are all views of this record, so its component names are the spec's
 * (in camelCase; {@link RecordJson} writes them in snake_case).
 *
 * @param paths every input path (or {@code archive!entry}) at which this run extracted the content
 * @param error the stage that failed while the rest of the record survived, or null
 */
public record SampleRecord(
    String sha256,
    String sha1,
    String md5,
    long size,
    double entropy,
    String magic,
    String mime,
    List<String> paths,
    StageError error) {

  public SampleRecord {
    paths = List.copyOf(paths);
  }
}
