package dev.merc.core.record;

import dev.merc.core.pe.PeInfo;
import dev.merc.core.strings.ExtractedStrings;
import java.util.List;

/**
 * One sample, as shared/spec/sample-record.md defines it. The database rows, the JSON Lines export
 * and the Redis summaries are all views of this record, so its component names are the spec's
 * (in camelCase; {@link RecordJson} writes them in snake_case). A field that could not be computed
 * is null.
 *
 * @param paths every input path (or {@code archive!entry}) at which this run extracted the content
 * @param tlsh "T1" and 70 hex digits, or null where TLSH gives no digest
 * @param byteHistogram 256 counts
 * @param byteEntropyHistogram EMBER's 16 x 16 grid, row by row
 * @param pe null when the file is not a PE
 * @param error the first stage that failed while the rest of the record survived, or null
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
    String ssdeep,
    String tlsh,
    List<Long> byteHistogram,
    List<Long> byteEntropyHistogram,
    PeInfo pe,
    ExtractedStrings strings,
    StageError error) {

  public SampleRecord {
    paths = List.copyOf(paths);
  }
}
