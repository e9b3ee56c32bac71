package dev.merc.core.archive;

import java.io.IOException;

/** An archive could not be read to its end. The message names the archive and what went wrong. */
public class ArchiveException extends IOException {

  /** What went wrong, as far as the archive's bytes let Merc tell. */
  public enum Reason {
    PASSWORD_REQUIRED("is encrypted: give the password with --archivePassword"),
    WRONG_PASSWORD("cannot be opened: wrong password (--archivePassword)"),
    /** AES 7z has no password check: a wrong key only shows as data that does not decode. */
    WRONG_PASSWORD_OR_CORRUPT("cannot be decoded: wrong password (--archivePassword) or corrupt"),
    CORRUPT("is corrupt"),
    TRUNCATED("is truncated"),
    /** A 7z decoder (an LZMA dictionary) would need more memory than Merc allows. */
    TOO_MUCH_MEMORY("needs more decoder memory than Merc allows (a quarter of the heap, at most"
        + " 1 GiB)"),
    UNSUPPORTED("uses a feature Merc cannot read");

    final String text;

    Reason(String text) {
      this.text = text;
    }
  }

  private final Reason reason;

  public ArchiveException(String archive, Reason reason, Throwable cause) {
    super("archive " + archive + " " + reason.text + detail(cause), cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  private static String detail(Throwable cause) {
    if (cause == null) {
      return "";
    }
    String message = cause.getMessage();
    return " (" + cause.getClass().getSimpleName() + (message == null ? "" : ": " + message) + ")";
  }
}
