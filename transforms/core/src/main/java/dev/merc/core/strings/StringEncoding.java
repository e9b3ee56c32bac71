package dev.merc.core.strings;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a found string was stored in the file. */
public enum StringEncoding {
  /** One byte per character. */
  ASCII("ascii"),
  /** Two bytes per character: the ASCII byte, then 0x00. */
  UTF16LE("utf16le");

  private final String json;

  StringEncoding(String json) {
    this.json = json;
  }

  @JsonValue
  public String json() {
    return json;
  }
}
