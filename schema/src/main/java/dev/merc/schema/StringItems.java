package dev.merc.schema;

import dev.merc.core.strings.PackedStrings;
import dev.merc.core.strings.StringEncoding;
import dev.merc.core.strings.StringTag;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The stored form of a sample's kept strings (see the V5 migrations): per encoding, one JSON
 * array of {@code [offset, value]} or {@code [offset, value, [tags]]} items in record order.
 * Written by hand into one byte array, straight from the packed characters: values are printable
 * ASCII and tab, so escaping is three cases, and a value without them is copied whole.
 */
public final class StringItems {

  private static final byte[][] TAG_NAMES = Arrays.stream(StringTag.values())
      .map(t -> ("\"" + t.json() + "\"").getBytes(StandardCharsets.US_ASCII))
      .toArray(byte[][]::new);

  private byte[] out;
  private int n;

  private StringItems(int capacity) {
    out = new byte[capacity];
  }

  /** The items of one encoding, or "[]" when it has none. */
  public static String json(PackedStrings items, StringEncoding encoding) {
    byte[] chars = items.chars();
    StringItems w = new StringItems(chars.length + 24 * items.size() + 2);
    w.put('[');
    for (int i = 0; i < items.size(); i++) {
      if (items.encoding(i) != encoding) {
        continue;
      }
      if (w.n > 1) {
        w.put(',');
      }
      w.put('[');
      w.putLong(items.offset(i));
      w.put(',');
      w.put('"');
      w.putEscaped(chars, items.start(i), items.length(i));
      w.put('"');
      int mask = items.tagMask(i);
      if (mask != 0) {
        w.put(',');
        w.put('[');
        boolean first = true;
        for (int t = 0; mask != 0; t++, mask >>>= 1) {
          if ((mask & 1) != 0) {
            if (!first) {
              w.put(',');
            }
            w.put(TAG_NAMES[t], 0, TAG_NAMES[t].length);
            first = false;
          }
        }
        w.put(']');
      }
      w.put(']');
    }
    w.put(']');
    return new String(w.out, 0, w.n, StandardCharsets.ISO_8859_1);
  }

  private void putEscaped(byte[] chars, int from, int length) {
    int end = from + length;
    int plain = from;
    for (int k = from; k < end; k++) {
      int c = chars[k] & 0xFF;
      if (c == '"' || c == '\\' || c < 0x20 || c > 0x7e) {
        put(chars, plain, k - plain);
        put('\\');
        switch (c) {
          case '"' -> put('"');
          case '\\' -> put('\\');
          case '\t' -> put('t');
          // Not produced by the string scanner; kept valid JSON should a caller pass one.
          default -> {
            byte[] u = String.format("u%04x", c).getBytes(StandardCharsets.US_ASCII);
            put(u, 0, u.length);
          }
        }
        plain = k + 1;
      }
    }
    put(chars, plain, end - plain);
  }

  private void putLong(long v) {
    if (v < 0) {
      byte[] digits = Long.toString(v).getBytes(StandardCharsets.US_ASCII);
      put(digits, 0, digits.length);
      return;
    }
    room(19);
    int start = n;
    do {
      out[n++] = (byte) ('0' + v % 10);
      v /= 10;
    } while (v > 0);
    for (int i = start, j = n - 1; i < j; i++, j--) {
      byte t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
  }

  private void put(char c) {
    room(1);
    out[n++] = (byte) c;
  }

  private void put(byte[] b, int from, int length) {
    room(length);
    System.arraycopy(b, from, out, n, length);
    n += length;
  }

  private void room(int more) {
    if (out.length - n < more) {
      out = Arrays.copyOf(out, Math.max(out.length * 2, n + more));
    }
  }
}
