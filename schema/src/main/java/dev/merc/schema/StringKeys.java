package dev.merc.schema;

import dev.merc.core.strings.ExtractedStrings;
import dev.merc.core.strings.FoundString;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The GIN keys of a sample's strings: the SQL function {@code merc_string_key(text)}, the first 64
 * bits of the value's md5, computed here so that the database only indexes them.
 */
public final class StringKeys {

  private StringKeys() {}

  /** Distinct keys in ascending order, as a Postgres array literal such as {@code {-5,17}}. */
  public static String arrayLiteral(ExtractedStrings strings) {
    MessageDigest md5 = md5();
    long[] keys = new long[strings.items().size()];
    int n = 0;
    for (FoundString item : strings.items()) {
      keys[n++] = ByteBuffer.wrap(md5.digest(item.value().getBytes(StandardCharsets.UTF_8))).getLong();
    }
    Arrays.sort(keys);
    StringBuilder out = new StringBuilder(n * 21 + 2).append('{');
    for (int i = 0; i < n; i++) {
      if (i == 0 || keys[i] != keys[i - 1]) {
        out.append(out.length() > 1 ? "," : "").append(keys[i]);
      }
    }
    return out.append('}').toString();
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is missing from this JVM", e);
    }
  }
}
