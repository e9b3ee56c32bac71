package dev.merc.core.strings;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The sample record's {@code strings} object.
 *
 * @param minLength the minimum length used
 * @param asciiCount every ASCII string in the file, kept or not
 * @param utf16Count every UTF-16LE string in the file, kept or not
 * @param truncated true when a cap left strings out of {@code items}
 * @param tagCounts per tag, how many strings of the whole file (kept or not) carry it; every tag is
 *     present, zero when absent, so queries such as "more than 3 URLs" need no scan of items
 * @param items the kept strings: ASCII ones in file order, then UTF-16LE ones in file order;
 *     held as {@link PackedStrings}
 */
public record ExtractedStrings(
    int minLength,
    long asciiCount,
    long utf16Count,
    boolean truncated,
    Map<StringTag, Long> tagCounts,
    List<FoundString> items) {

  public ExtractedStrings {
    Objects.requireNonNull(tagCounts, "tagCounts");
    EnumMap<StringTag, Long> counts = new EnumMap<>(StringTag.class);
    for (StringTag t : StringTag.values()) {
      counts.put(t, 0L);
    }
    tagCounts.forEach((tag, n) -> counts.put(Objects.requireNonNull(tag), Objects.requireNonNull(n)));
    tagCounts = Collections.unmodifiableMap(counts);
    items = PackedStrings.of(items);
  }
}
