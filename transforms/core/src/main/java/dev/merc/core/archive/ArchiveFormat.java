package dev.merc.core.archive;

import java.util.Locale;
import java.util.Optional;

/** The archive formats Merc reads as inputs, told apart by the extension of the archive's name. */
public enum ArchiveFormat {
  SEVEN_ZIP,
  ZIP;

  /** The format an input named {@code name} is read as, or empty for a plain sample file. */
  public static Optional<ArchiveFormat> of(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".7z")) {
      return Optional.of(SEVEN_ZIP);
    }
    if (lower.endsWith(".zip")) {
      return Optional.of(ZIP);
    }
    return Optional.empty();
  }
}
