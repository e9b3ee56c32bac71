package dev.merc.core.record;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The short view of a sample record that Merc publishes on the Redis result stream: the spec's
 * field names, flat, all text. A Redis field cannot be null, so a value that is null in the record
 * (no PE, so no imphash; a failure has no hashes) is left out, which readers treat as null.
 */
public final class RecordSummary {

  /** Longest error message published; the database keeps the whole one. */
  static final int MAX_MESSAGE = 500;

  public static final String STORED = "stored";
  public static final String KNOWN = "known";
  public static final String FAILED = "failed";

  private RecordSummary() {}

  /** A sample extracted and stored in this run; {@code error_stage} is set when a stage failed. */
  public static Map<String, String> stored(SampleRecord r) {
    Map<String, String> m = new LinkedHashMap<>();
    put(m, "sha256", r.sha256());
    put(m, "path", r.paths().isEmpty() ? null : r.paths().get(0));
    put(m, "size", Long.toString(r.size()));
    put(m, "magic", r.magic());
    put(m, "imphash", r.pe() == null ? null : r.pe().imphash());
    put(m, "status", STORED);
    if (r.error() != null) {
      put(m, "error_stage", r.error().stage().label());
      put(m, "error_message", shorten(r.error().message()));
    }
    return m;
  }

  /**
   * A sample the database already held: its new path, its size, and the stored record's magic and
   * imphash (fetched with the lookup that found it, so they cost nothing more).
   */
  public static Map<String, String> known(SamplePath p) {
    Map<String, String> m = new LinkedHashMap<>();
    put(m, "sha256", p.sha256());
    put(m, "path", p.path());
    put(m, "size", p.size() < 0 ? null : Long.toString(p.size()));
    put(m, "magic", p.magic());
    put(m, "imphash", p.imphash());
    put(m, "status", KNOWN);
    return m;
  }

  /** An input that produced no record (a failures row). */
  public static Map<String, String> failed(Failure f) {
    Map<String, String> m = new LinkedHashMap<>();
    put(m, "path", f.path());
    put(m, "status", FAILED);
    put(m, "error_stage", f.stage().label());
    put(m, "error_message", shorten(f.errorClass() + ": " + f.message()));
    return m;
  }

  private static void put(Map<String, String> m, String field, String value) {
    if (value != null) {
      m.put(field, value);
    }
  }

  private static String shorten(String message) {
    if (message == null || message.length() <= MAX_MESSAGE) {
      return message;
    }
    return message.substring(0, MAX_MESSAGE - 3) + "...";
  }
}
