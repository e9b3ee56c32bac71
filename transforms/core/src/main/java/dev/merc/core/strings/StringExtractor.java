package dev.merc.core.strings;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds the static strings of a file exactly as FLOSS's {@code floss/strings.py} does: the ASCII
 * regex {@code [\t\x20-\x7E]{n,}} and the UTF-16LE regex {@code (?:[\t\x20-\x7E]\x00){n,}}, each
 * applied with {@code re.finditer} (leftmost, greedy, non-overlapping) to the whole file. (FLOSS
 * means to skip a file of one repeated 'A', 0x00, 0xFE or 0xFF, but on Python 3 its test compares
 * an int with one-character strings and never fires, so such a file of 'A' has its one string.)
 *
 * <p>Both regexes are answered in one pass, which {@link Scanner} can take chunk by chunk beside
 * the other extractors. An ASCII match is a maximal run of printable bytes. A UTF-16LE "pair"
 * (printable byte, then 0x00) can never start right after another pair's start, and no pair
 * starts inside a chain of pairs at step 2, so chains never overlap: finditer's matches are
 * exactly the maximal chains with at least n pairs, at whichever parity they start.
 *
 * <p>Caps keep a prefix of the full list (ASCII, then UTF-16LE): the first string that would pass
 * {@code maxStrings} or {@code maxStringBytes} stops the items, so a capped big file may keep no
 * UTF-16LE item at all. {@code asciiCount}, {@code utf16Count} and {@code tagCounts} always cover
 * every string in the file: counting and tagging a string that is not kept allocates nothing.
 */
public final class StringExtractor {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH = 0x8080808080808080L; // bit 7 of every byte lane
  private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;

  private StringExtractor() {}

  /**
   * The strings of {@code data[0, length)}, tagged by {@link StringTagger}.
   *
   * @throws IllegalArgumentException if {@code length} is outside {@code data}
   */
  public static ExtractedStrings extract(byte[] data, int length, StringsOptions o) {
    Scanner s = scanner(data, length, o);
    s.advance(length);
    return s.finish();
  }

  /** With {@code tag} false, no string is tagged: for benchmarks that isolate the scan. */
  static ExtractedStrings extract(byte[] data, int length, StringsOptions o, boolean tag) {
    Scanner s = new Scanner(data, length, o, tag ? new StringTagger() : null);
    s.advance(length);
    return s.finish();
  }

  /**
   * A scan of {@code data[0, length)} to be fed in order: {@link Scanner#advance} up to a position
   * as the bytes are visited, then {@link Scanner#finish}.
   *
   * @throws IllegalArgumentException if {@code length} is outside {@code data}
   */
  public static Scanner scanner(byte[] data, int length, StringsOptions o) {
    return new Scanner(data, length, o, new StringTagger());
  }

  /**
   * Eight bytes at a time. In each word, bit 7 of each byte lane of {@code p} says "printable". A
   * non-printable lane right after a printable one ends an ASCII run; a 0x00 lane right after a
   * printable one ends a UTF-16LE pair. Word masks keep only the events that can matter: runs at
   * least min(n, 7) long, and pairs that follow another pair (for n >= 2 a chain's first pair is
   * recovered from its second). Most of a code section is thus skipped without a per-byte branch.
   * The last word is padded with 0x01 bytes (neither printable nor zero), which also ends a run
   * that reaches the end of the input.
   */
  public static final class Scanner {
    private final byte[] data;
    private final int length;
    private final int n;
    private final int shortest; // run lengths the word masks can check; n itself is checked below
    private final Collector c;
    private int i; // the next word to scan
    private int chainStart = -1; // first byte of the current UTF-16LE chain
    private int chainPairs;
    private int chainNext = -2; // where the chain's next pair would start
    private long prevP; // the previous word's printable lanes
    private long prevPairEnds; // the previous word's pair ends
    private int lastNonPrintable = -1; // before the current word

    private Scanner(byte[] data, int length, StringsOptions o, StringTagger tagger) {
      Objects.requireNonNull(data, "data");
      Objects.requireNonNull(o, "options");
      if (length < 0 || length > data.length) {
        throw new IllegalArgumentException(
            "length " + length + " outside the buffer of " + data.length + " bytes");
      }
      this.data = data;
      this.length = length;
      this.n = o.minLength();
      this.shortest = Math.min(n, 7);
      this.c = new Collector(data, o, tagger);
    }

    /** Scans the whole words below {@code to}; the bytes before it must not change afterwards. */
    public void advance(int to) {
      scan(Math.min(to, length), false);
    }

    /** Scans what is left, ends the last string and returns them all. */
    public ExtractedStrings finish() {
      scan(length, true);
      if (chainPairs >= n) {
        c.utf16(chainStart, chainPairs);
      }
      return c.finish();
    }

    /**
     * The words below {@code to}, and with {@code finishing} the last one, padded. The state
     * lives in locals while scanning (in fields, the loop measured a third slower) and goes back
     * to the fields after.
     */
    private void scan(int to, boolean finishing) {
      final byte[] data = this.data;
      final int n = this.n;
      final int shortest = this.shortest;
      final Collector c = this.c;
      int i = this.i;
      int chainStart = this.chainStart;
      int chainPairs = this.chainPairs;
      int chainNext = this.chainNext;
      long prevP = this.prevP;
      long prevPairEnds = this.prevPairEnds;
      int lastNonPrintable = this.lastNonPrintable;
      while (true) {
        boolean last = i > to - 8;
        if (last && !finishing) {
          break;
        }
        long x = last ? paddedTail(data, i, this.length) : (long) LONGS.get(data, i);
        long low = x & LOW7;
        long tab = x ^ 0x0909090909090909L;
        long isTab = ~(((tab & LOW7) + LOW7) | tab);
        // lane >= 0x20 and < 0x7F with the high bit clear, or exactly a tab
        long p = (((low + 0x6060606060606060L) & ~(low + 0x0101010101010101L) & ~x) | isTab) & HIGH;
        long notP = ~p & HIGH;
        long afterP = (p << 8) | (prevP >>> 56);
        long longRun = notP & afterP; // lanes after at least `shortest` printable bytes
        for (int k = 2; k <= shortest; k++) {
          longRun &= (p << (8 * k)) | (prevP >>> (64 - 8 * k));
        }
        long pairEnds = ~((low + LOW7) | x) & afterP & HIGH; // 0x00 after a printable byte
        long pairs = n == 1 ? pairEnds : pairEnds & ((pairEnds << 16) | (prevPairEnds >>> 48));
        long events = longRun | pairs;
        prevP = p;
        prevPairEnds = pairEnds;
        while (events != 0) {
          int bit = Long.numberOfTrailingZeros(events);
          int pos = i + (bit >>> 3);
          long below = notP & ((1L << bit) - 1);
          int start = below != 0
              ? i + ((63 - Long.numberOfLeadingZeros(below)) >>> 3) + 1 : lastNonPrintable + 1;
          if (pos - start >= n) {
            c.ascii(start, pos - start);
          }
          if ((pairs >>> bit & 1) != 0) {
            // the pair at pos - 1 continues the chain, or starts one (with the one before, n >= 2)
            if (pos - 1 == chainNext) {
              chainPairs++;
            } else {
              if (chainPairs >= n) {
                c.utf16(chainStart, chainPairs);
              }
              chainPairs = n == 1 ? 1 : 2;
              chainStart = pos + 1 - 2 * chainPairs;
            }
            chainNext = pos + 1;
          }
          events &= events - 1;
        }
        if (notP != 0) {
          lastNonPrintable = i + ((63 - Long.numberOfLeadingZeros(notP)) >>> 3);
        }
        i += 8;
        if (last) {
          break;
        }
      }
      this.i = i;
      this.chainStart = chainStart;
      this.chainPairs = chainPairs;
      this.chainNext = chainNext;
      this.prevP = prevP;
      this.prevPairEnds = prevPairEnds;
      this.lastNonPrintable = lastNonPrintable;
    }
  }

  /** The 0-7 bytes from {@code i} to {@code length}, little-endian, padded with 0x01 bytes. */
  private static long paddedTail(byte[] data, int i, int length) {
    long x = 0x0101010101010101L;
    for (int k = 0; i + k < length; k++) {
      int shift = 8 * k;
      x = (x & ~(0xFFL << shift)) | ((data[i + k] & 0xFFL) << shift);
    }
    return x;
  }

  /** Counts and tags every string, keeps ASCII items at once and UTF-16LE candidates for later. */
  private static final class Collector {
    private final byte[] data;
    private final StringsOptions o;
    private final StringTagger tagger; // null: no tagging
    private final long[] tagCounts = new long[StringTag.values().length];
    private final PackedStrings.Builder items = new PackedStrings.Builder();
    private long asciiCount;
    private long utf16Count;
    private long keptChars;
    private boolean capped;

    // UTF-16LE strings that might still fit once the ASCII items are known
    private int[] u16Offsets = new int[64];
    private int[] u16Lengths = new int[64];
    private int[] u16Masks = new int[64];
    private int u16Stored;
    private long u16StoredChars;
    private boolean u16Full;

    Collector(byte[] data, StringsOptions o, StringTagger tagger) {
      this.data = data;
      this.o = o;
      this.tagger = tagger;
    }

    void ascii(int offset, int length) {
      asciiCount++;
      if (!capped && fits(items.size(), keptChars, length)) {
        int mask = tag(offset, length, 1);
        count(mask);
        items.add(offset, StringEncoding.ASCII, mask, data, offset, length, 1);
        keptChars += length;
      } else {
        capped = true;
        count(tag(offset, length, 1));
      }
    }

    void utf16(int offset, int pairs) {
      utf16Count++;
      int mask = tag(offset, pairs, 2);
      count(mask);
      if (u16Full || !fits(u16Stored, u16StoredChars, pairs)) {
        u16Full = true; // it would not fit even with no ASCII items; nor would any later one
        return;
      }
      if (u16Stored == u16Offsets.length) {
        int size = u16Stored * 2;
        u16Offsets = Arrays.copyOf(u16Offsets, size);
        u16Lengths = Arrays.copyOf(u16Lengths, size);
        u16Masks = Arrays.copyOf(u16Masks, size);
      }
      u16Offsets[u16Stored] = offset;
      u16Lengths[u16Stored] = pairs;
      u16Masks[u16Stored] = mask;
      u16Stored++;
      u16StoredChars += pairs;
    }

    private int tag(int offset, int length, int stride) {
      return tagger == null ? 0 : tagger.mask(data, offset, length, stride);
    }

    private boolean fits(int count, long chars, int length) {
      return count < o.maxStrings() && length <= o.maxStringBytes() - chars;
    }

    private void count(int mask) {
      while (mask != 0) {
        tagCounts[Integer.numberOfTrailingZeros(mask)]++;
        mask &= mask - 1;
      }
    }

    ExtractedStrings finish() {
      for (int k = 0; k < u16Stored && !capped; k++) {
        int length = u16Lengths[k];
        if (fits(items.size(), keptChars, length)) {
          items.add(u16Offsets[k], StringEncoding.UTF16LE, u16Masks[k], data, u16Offsets[k],
              length, 2);
          keptChars += length;
        } else {
          capped = true;
        }
      }
      long total = asciiCount + utf16Count;
      Map<StringTag, Long> counts = new EnumMap<>(StringTag.class);
      for (StringTag t : StringTag.values()) {
        counts.put(t, tagCounts[t.ordinal()]);
      }
      return new ExtractedStrings(
          o.minLength(), asciiCount, utf16Count, items.size() < total, counts, items.build());
    }
  }
}
