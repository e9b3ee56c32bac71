package dev.merc.core.strings;

/**
 * Limits for {@link StringExtractor}.
 *
 * @param minLength shortest string kept, in characters (FLOSS's {@code -n}); at least 1
 * @param maxStrings most items kept; counts still cover every string
 * @param maxStringBytes most characters summed over kept items' values
 */
public record StringsOptions(int minLength, int maxStrings, long maxStringBytes) {

  public static final int DEFAULT_MIN_LENGTH = 4;
  public static final int DEFAULT_MAX_STRINGS = 20_000;
  public static final long DEFAULT_MAX_STRING_BYTES = 4L * 1024 * 1024;

  public StringsOptions {
    if (minLength < 1) {
      throw new IllegalArgumentException("minLength must be >= 1, got " + minLength);
    }
    if (maxStrings < 0) {
      throw new IllegalArgumentException("maxStrings must be >= 0, got " + maxStrings);
    }
    if (maxStringBytes < 0) {
      throw new IllegalArgumentException("maxStringBytes must be >= 0, got " + maxStringBytes);
    }
  }

  public static StringsOptions defaults() {
    return new StringsOptions(DEFAULT_MIN_LENGTH, DEFAULT_MAX_STRINGS, DEFAULT_MAX_STRING_BYTES);
  }

  /** No caps: every string becomes an item (for reference comparisons). */
  public static StringsOptions uncapped(int minLength) {
    return new StringsOptions(minLength, Integer.MAX_VALUE, Long.MAX_VALUE);
  }
}
