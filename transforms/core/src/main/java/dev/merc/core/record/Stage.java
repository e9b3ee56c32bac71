package dev.merc.core.record;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where in the per-sample work something failed; stored as the lower-case name. */
public enum Stage {
  /** A work-queue entry that could not be processed at all, e.g. delivered too often. */
  QUEUE,
  MATCH,
  /** Reading an archive input: its password, corruption or truncation. */
  ARCHIVE,
  READ,
  DIGEST,
  MAGIC,
  PE,
  STRINGS,
  FUZZY,
  /** The extraction as a whole, e.g. when it ran past its time cap. */
  EXTRACT,
  WRITE;

  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
