package dev.merc.core.bytes;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Byte counts. Bytes are counted into four histograms in turn and summed when read, because a
 * run of one byte value (zero padding, most often) would otherwise make every increment wait for
 * the one before it. The four are separate arrays, held in locals while counting (one array in
 * four quarters measured 3x slower), fed eight bytes per read. Not thread-safe; counts up to
 * 2^31 - 1 per value and lane.
 */
public final class ByteCounts {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final int[] lane0 = new int[256];
  private final int[] lane1 = new int[256];
  private final int[] lane2 = new int[256];
  private final int[] lane3 = new int[256];

  /** Counts {@code data[off, off + len)}. */
  public void add(byte[] data, int off, int len) {
    java.util.Objects.checkFromIndexSize(off, len, data.length);
    final int[] a = lane0;
    final int[] b = lane1;
    final int[] c = lane2;
    final int[] d = lane3;
    int i = off;
    int end = off + len;
    for (; i <= end - 8; i += 8) {
      long x = (long) LONGS.get(data, i);
      a[(int) x & 0xff]++;
      b[(int) (x >>> 8) & 0xff]++;
      c[(int) (x >>> 16) & 0xff]++;
      d[(int) (x >>> 24) & 0xff]++;
      a[(int) (x >>> 32) & 0xff]++;
      b[(int) (x >>> 40) & 0xff]++;
      c[(int) (x >>> 48) & 0xff]++;
      d[(int) (x >>> 56) & 0xff]++;
    }
    for (; i < end; i++) {
      a[data[i] & 0xff]++;
    }
  }

  /** How many times byte value {@code b} was counted. */
  public int count(int b) {
    return lane0[b] + lane1[b] + lane2[b] + lane3[b];
  }

  public void clear() {
    Arrays.fill(lane0, 0);
    Arrays.fill(lane1, 0);
    Arrays.fill(lane2, 0);
    Arrays.fill(lane3, 0);
  }

  /** The histogram of {@code data[off, off + len)}. */
  public static long[] histogram(byte[] data, int off, int len) {
    ByteCounts counts = new ByteCounts();
    long[] out = new long[256];
    // Slices keep each lane's counts below 2^31.
    for (int at = off, left = len; left > 0; ) {
      int n = Math.min(left, 1 << 30);
      counts.add(data, at, n);
      for (int b = 0; b < 256; b++) {
        out[b] += counts.count(b);
      }
      counts.clear();
      at += n;
      left -= n;
    }
    return out;
  }
}
