package dev.merc.schema;

import dev.merc.core.extract.SampleExtractor;
import dev.merc.core.record.Failure;
import dev.merc.core.record.RecordJson;
import dev.merc.core.record.SamplePath;
import dev.merc.core.record.SampleRecord;
import dev.merc.core.strings.ExtractedStrings;
import dev.merc.core.strings.PackedStrings;
import dev.merc.core.strings.StringEncoding;
import dev.merc.core.text.SafeText;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Maps Merc's records to rows. The statements run unchanged on Postgres and SQLite; every text
 * value passes {@link SafeText} once more, because Postgres rejects NUL and invalid UTF-8.
 */
public final class SampleRows {

  private static final String INSERT_SAMPLE_COLUMNS =
      "INSERT INTO sample_ingest (path, sha256, sha1, md5, size, entropy, magic, mime, error_stage,"
          + " error_message, extractor_version, ssdeep, tlsh, imphash, byte_histogram,"
          + " byte_entropy_histogram, pe, string_min_length, string_ascii_count,"
          + " string_utf16_count, strings_truncated, strings_ascii, strings_utf16le,"
          + " string_tag_counts";

  /**
   * A sample row and its path row in one statement; see the sample_ingest view. Postgres also
   * gets the string keys that its GIN index holds.
   */
  public static String insertSample(Dialect dialect) {
    return dialect == Dialect.POSTGRESQL
        ? INSERT_SAMPLE_COLUMNS + ", string_keys) VALUES (" + "?, ".repeat(24) + "?)"
        : INSERT_SAMPLE_COLUMNS + ") VALUES (" + "?, ".repeat(23) + "?)";
  }

  /** A known sample's new path; the path_ingest view's trigger also drops its old failure. */
  public static final String INGEST_PATH = "INSERT INTO path_ingest (sha256, path) VALUES (?, ?)";

  /** Clears the failure of an input that has now been read, e.g. an archive read to its end. */
  public static final String DELETE_FAILURE = "DELETE FROM failures WHERE path = ?";

  public static final String UPSERT_FAILURE =
      "INSERT INTO failures (path, stage, error_class, message) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT (path) DO UPDATE SET stage = excluded.stage,"
          + " error_class = excluded.error_class, message = excluded.message,"
          + " failed_at = CURRENT_TIMESTAMP";

  private SampleRows() {}

  public static void bindSample(SampleRecord r, PreparedStatement s, Dialect dialect)
      throws SQLException {
    bindSample(r, s, dialect, SampleExtractor.VERSION);
  }

  /** Binds the record as made by extractor version {@code version}. */
  public static void bindSample(SampleRecord r, PreparedStatement s, Dialect dialect, int version)
      throws SQLException {
    setText(s, 1, r.paths().get(0));
    s.setString(2, r.sha256());
    s.setString(3, r.sha1());
    s.setString(4, r.md5());
    s.setLong(5, r.size());
    s.setDouble(6, r.entropy());
    setText(s, 7, r.magic());
    setText(s, 8, r.mime());
    setText(s, 9, r.error() == null ? null : r.error().stage().label());
    setText(s, 10, r.error() == null ? null : r.error().message());
    s.setInt(11, version);
    setText(s, 12, r.ssdeep());
    setText(s, 13, r.tlsh());
    setText(s, 14, r.pe() == null ? null : r.pe().imphash());
    setJson(s, 15, r.byteHistogram());
    setJson(s, 16, r.byteEntropyHistogram());
    setJson(s, 17, r.pe());
    bindStrings(r.strings(), s, 18, dialect);
  }

  /** The record's strings object in columns 18 to 24 (25: the GIN keys, on Postgres). */
  private static void bindStrings(ExtractedStrings st, PreparedStatement s, int first,
      Dialect dialect) throws SQLException {
    if (st == null) {
      for (int i = first; i < first + 7; i++) {
        s.setNull(i, Types.VARCHAR);
      }
      if (dialect == Dialect.POSTGRESQL) {
        s.setNull(first + 7, Types.VARCHAR);
      }
      return;
    }
    s.setInt(first, st.minLength());
    s.setLong(first + 1, st.asciiCount());
    s.setLong(first + 2, st.utf16Count());
    s.setBoolean(first + 3, st.truncated());
    // Items are printable ASCII by construction: no SafeText pass over them.
    PackedStrings items = PackedStrings.of(st.items());
    s.setString(first + 4, StringItems.json(items, StringEncoding.ASCII));
    s.setString(first + 5, StringItems.json(items, StringEncoding.UTF16LE));
    setJson(s, first + 6, st.tagCounts());
    if (dialect == Dialect.POSTGRESQL) {
      s.setString(first + 7, StringKeys.arrayLiteral(items));
    }
  }

  public static void bindPath(SamplePath p, PreparedStatement s) throws SQLException {
    s.setString(1, p.sha256());
    setText(s, 2, p.path());
  }

  public static void bindFailure(Failure f, PreparedStatement s) throws SQLException {
    setText(s, 1, f.path());
    setText(s, 2, f.stage().label());
    setText(s, 3, f.errorClass());
    setText(s, 4, f.message());
  }

  /** JSON goes as text: jsonb on Postgres (the pool sends strings untyped), TEXT on SQLite. */
  private static void setJson(PreparedStatement s, int index, Object value) throws SQLException {
    if (value == null) {
      s.setNull(index, Types.VARCHAR);
    } else {
      s.setString(index, RecordJson.toJson(value));
    }
  }

  private static void setText(PreparedStatement s, int index, String value) throws SQLException {
    if (value == null) {
      s.setNull(index, Types.VARCHAR);
    } else {
      s.setString(index, SafeText.of(value));
    }
  }
}
