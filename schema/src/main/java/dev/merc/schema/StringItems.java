package dev.merc.schema;

import dev.merc.core.strings.FoundString;
import dev.merc.core.strings.StringEncoding;
import dev.merc.core.strings.StringTag;
import java.util.List;

/**
 * The stored form of a sample's kept strings (see the V5 migrations): per encoding, one JSON
 * array of {@code [offset, value]} or {@code [offset, value, [tags]]} items in record order.
 * Written by hand because values are printable ASCII and tab, so escaping is three cases.
 */
public final class StringItems {

  private StringItems() {}

  /** The items of one encoding, or "[]" when it has none. */
  public static String json(List<FoundString> items, StringEncoding encoding) {
    StringBuilder out = new StringBuilder(64);
    out.append('[');
    for (FoundString item : items) {
      if (item.encoding() != encoding) {
        continue;
      }
      if (out.length() > 1) {
        out.append(',');
      }
      out.append('[').append(item.offset()).append(",\"");
      appendEscaped(out, item.value());
      out.append('"');
      if (!item.tags().isEmpty()) {
        out.append(",[");
        boolean first = true;
        for (StringTag tag : item.tags()) {
          out.append(first ? "\"" : ",\"").append(tag.json()).append('"');
          first = false;
        }
        out.append(']');
      }
      out.append(']');
    }
    return out.append(']').toString();
  }

  private static void appendEscaped(StringBuilder out, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            // Not produced by the string scanner; kept valid JSON should a caller pass one.
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
  }
}
