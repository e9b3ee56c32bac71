package dev.merc.schema;

import dev.merc.core.strings.PackedStrings;
import dev.merc.core.strings.StringEncoding;
import dev.merc.core.strings.StringTag;

/**
 * The stored form of a sample's kept strings (see the V5 migrations): per encoding, one JSON
 * array of {@code [offset, value]} or {@code [offset, value, [tags]]} items in record order.
 * Written by hand, straight from the packed characters: values are printable ASCII and tab, so
 * escaping is three cases.
 */
public final class StringItems {

  private static final StringTag[] TAGS = StringTag.values();

  private StringItems() {}

  /** The items of one encoding, or "[]" when it has none. */
  public static String json(PackedStrings items, StringEncoding encoding) {
    byte[] chars = items.chars();
    StringBuilder out = new StringBuilder(64);
    out.append('[');
    for (int i = 0; i < items.size(); i++) {
      if (items.encoding(i) != encoding) {
        continue;
      }
      if (out.length() > 1) {
        out.append(',');
      }
      out.append('[').append(items.offset(i)).append(",\"");
      for (int k = items.start(i), end = k + items.length(i); k < end; k++) {
        char c = (char) (chars[k] & 0xFF);
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
      out.append('"');
      int mask = items.tagMask(i);
      if (mask != 0) {
        out.append(",[");
        for (int t = 0; mask != 0; t++, mask >>>= 1) {
          if ((mask & 1) != 0) {
            out.append(out.charAt(out.length() - 1) == '[' ? "\"" : ",\"")
                .append(TAGS[t].json()).append('"');
          }
        }
        out.append(']');
      }
      out.append(']');
    }
    return out.append(']').toString();
  }
}
