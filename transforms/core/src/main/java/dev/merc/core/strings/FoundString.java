package dev.merc.core.strings;

import java.util.Objects;
import java.util.Set;

/**
 * One string of the sample.
 *
 * @param offset byte offset of the string's first byte in the file
 * @param encoding how it was stored
 * @param value the characters (printable ASCII and tab only)
 * @param tags what it looks like, in {@link StringTag} order; empty when nothing matched
 */
public record FoundString(long offset, StringEncoding encoding, String value, Set<StringTag> tags) {

  public FoundString {
    Objects.requireNonNull(encoding, "encoding");
    Objects.requireNonNull(value, "value");
    tags = StringTag.immutableSet(tags);
  }
}
