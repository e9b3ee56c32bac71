package dev.merc.core.strings;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * A sample's kept string items, packed: their characters back to back in one array, and their
 * offsets, ends, encodings and tags in parallel arrays. A sample keeps thousands of items; as
 * objects each would cost a {@link FoundString}, a {@code String} and their headers, several
 * times the characters themselves, and the garbage of every sample in flight. As a list it is
 * immutable and gives a fresh {@link FoundString} per {@link #get}; writers read it in place.
 */
public final class PackedStrings extends AbstractList<FoundString> implements RandomAccess {

  /** The tag bits are {@link StringTag} ordinals; this one marks UTF-16LE items. */
  private static final int UTF16 = 1 << 15;

  private final byte[] chars;
  private final int[] ends;
  private final long[] offsets;
  private final short[] flags;
  private final int size;

  private PackedStrings(byte[] chars, int[] ends, long[] offsets, short[] flags, int size) {
    this.chars = chars;
    this.ends = ends;
    this.offsets = offsets;
    this.flags = flags;
    this.size = size;
  }

  /** The items of {@code list}, packed (a packed list is returned as it is). */
  public static PackedStrings of(List<FoundString> list) {
    if (list instanceof PackedStrings packed) {
      return packed;
    }
    Builder b = new Builder();
    for (FoundString f : list) {
      String v = f.value();
      byte[] bytes = v.getBytes(StandardCharsets.ISO_8859_1);
      if (!new String(bytes, StandardCharsets.ISO_8859_1).equals(v)) {
        throw new IllegalArgumentException("a string item holds a character past U+00FF: " + v);
      }
      b.add(f.offset(), f.encoding(), StringTag.maskOf(f.tags()), bytes, 0, bytes.length, 1);
    }
    return b.build();
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public FoundString get(int i) {
    return new FoundString(offset(i), encoding(i), value(i), StringTag.setOf(tagMask(i)));
  }

  public long offset(int i) {
    return offsets[checked(i)];
  }

  public StringEncoding encoding(int i) {
    return (flags[checked(i)] & UTF16) != 0 ? StringEncoding.UTF16LE : StringEncoding.ASCII;
  }

  /** The item's tags as a bit mask, bit i for the tag of ordinal i. */
  public int tagMask(int i) {
    return flags[checked(i)] & ~UTF16 & 0xFFFF;
  }

  public String value(int i) {
    int start = start(checked(i));
    return new String(chars, start, ends[i] - start, StandardCharsets.ISO_8859_1);
  }

  /** The item's characters: {@code length(i)} bytes of {@link #chars()} from {@code start(i)}. */
  public int start(int i) {
    return checked(i) == 0 ? 0 : ends[i - 1];
  }

  public int length(int i) {
    return ends[checked(i)] - start(i);
  }

  /** Every item's characters, back to back; Latin-1, printable ASCII and tab for found items. */
  public byte[] chars() {
    return chars;
  }

  private int checked(int i) {
    return java.util.Objects.checkIndex(i, size);
  }

  /** Collects items in order; their characters are copied from the sample as they come. */
  public static final class Builder {
    private byte[] chars = new byte[256];
    private int[] ends = new int[16];
    private long[] offsets = new long[16];
    private short[] flags = new short[16];
    private int size;
    private int used;

    /**
     * Adds an item whose characters are {@code length} bytes of {@code data} from {@code from},
     * {@code stride} apart (1 for ASCII, 2 for UTF-16LE's low bytes).
     */
    public void add(long offset, StringEncoding encoding, int tagMask, byte[] data, int from,
        int length, int stride) {
      if (size == ends.length) {
        int n = size * 2;
        ends = Arrays.copyOf(ends, n);
        offsets = Arrays.copyOf(offsets, n);
        flags = Arrays.copyOf(flags, n);
      }
      if (chars.length - used < length) {
        chars = Arrays.copyOf(chars, Math.max(chars.length * 2, used + length));
      }
      if (stride == 1) {
        System.arraycopy(data, from, chars, used, length);
      } else {
        for (int k = 0; k < length; k++) {
          chars[used + k] = data[from + k * stride];
        }
      }
      used += length;
      ends[size] = used;
      offsets[size] = offset;
      flags[size] = (short) (tagMask | (encoding == StringEncoding.UTF16LE ? UTF16 : 0));
      size++;
    }

    public int size() {
      return size;
    }

    public PackedStrings build() {
      return new PackedStrings(Arrays.copyOf(chars, used), Arrays.copyOf(ends, size),
          Arrays.copyOf(offsets, size), Arrays.copyOf(flags, size), size);
    }
  }
}
