package dev.merc.schema;

import dev.merc.core.strings.PackedStrings;
import java.util.Arrays;

/**
 * The GIN keys of a sample's strings: the SQL function {@code merc_string_key(text)}, a 64-bit
 * FNV-1a hash of the value's bytes, computed here so that the database only indexes them. String
 * values are printable ASCII and tab, so their characters are their UTF-8 bytes.
 */
public final class StringKeys {

  private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;

  private StringKeys() {}

  public static long key(String value) {
    long h = OFFSET_BASIS;
    for (int i = 0; i < value.length(); i++) {
      h = (h ^ value.charAt(i)) * PRIME;
    }
    return h;
  }

  /** Distinct keys in ascending order, as a Postgres array literal such as {@code {-5,17}}. */
  public static String arrayLiteral(PackedStrings items) {
    byte[] chars = items.chars();
    long[] keys = new long[items.size()];
    for (int i = 0; i < keys.length; i++) {
      long h = OFFSET_BASIS;
      for (int k = items.start(i), end = k + items.length(i); k < end; k++) {
        h = (h ^ (chars[k] & 0xFF)) * PRIME;
      }
      keys[i] = h;
    }
    Arrays.sort(keys);
    StringBuilder out = new StringBuilder(keys.length * 20 + 2).append('{');
    for (int i = 0; i < keys.length; i++) {
      if (i == 0 || keys[i] != keys[i - 1]) {
        out.append(out.length() > 1 ? "," : "").append(keys[i]);
      }
    }
    return out.append('}').toString();
  }
}
