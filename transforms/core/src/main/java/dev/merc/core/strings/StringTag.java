package dev.merc.core.strings;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * What a string looks like to an analyst. The exact rules for each tag are documented once, in
 * docs/string-tags.md, and implemented in {@link StringTagger}.
 */
public enum StringTag {
  URL,
  IPV4,
  IPV6,
  DOMAIN,
  EMAIL,
  REGISTRY,
  PATH,
  PDB,
  BASE64,
  MUTEX;

  private static final StringTag[] ALL = values();

  /** Every subset, indexed by bit mask (bit i = ordinal i), so tagging allocates no sets. */
  private static final TagSet[] SETS = new TagSet[1 << ALL.length];

  static {
    for (int mask = 0; mask < SETS.length; mask++) {
      SETS[mask] = new TagSet(mask);
    }
  }

  private final String json = name().toLowerCase(Locale.ROOT);

  @JsonValue
  public String json() {
    return json;
  }

  int bit() {
    return 1 << ordinal();
  }

  /** The immutable set, in declaration order, of the tags whose bits are set in {@code mask}. */
  static Set<StringTag> setOf(int mask) {
    return SETS[mask & (SETS.length - 1)];
  }

  /** An immutable, declaration-ordered copy of {@code tags}. */
  static Set<StringTag> immutableSet(Set<StringTag> tags) {
    if (Objects.requireNonNull(tags, "tags") instanceof TagSet) {
      return tags;
    }
    return setOf(maskOf(tags));
  }

  /** The bit mask of {@code tags}: bit i for the tag of ordinal i. */
  static int maskOf(Set<StringTag> tags) {
    if (tags instanceof TagSet t) {
      return t.mask;
    }
    int mask = 0;
    for (StringTag t : tags) {
      mask |= t.bit();
    }
    return mask;
  }

  /** An immutable set of tags held as a bit mask. */
  private static final class TagSet extends AbstractSet<StringTag> {
    private final int mask;

    TagSet(int mask) {
      this.mask = mask;
    }

    @Override
    public int size() {
      return Integer.bitCount(mask);
    }

    @Override
    public boolean contains(Object o) {
      return o instanceof StringTag t && (mask & t.bit()) != 0;
    }

    @Override
    public Iterator<StringTag> iterator() {
      return new Iterator<>() {
        private int left = mask;

        @Override
        public boolean hasNext() {
          return left != 0;
        }

        @Override
        public StringTag next() {
          if (left == 0) {
            throw new NoSuchElementException();
          }
          StringTag t = ALL[Integer.numberOfTrailingZeros(left)];
          left &= left - 1;
          return t;
        }
      };
    }
  }
}
