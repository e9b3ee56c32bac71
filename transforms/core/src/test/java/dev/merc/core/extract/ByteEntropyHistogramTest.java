package dev.merc.core.extract;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.Test;

public class ByteEntropyHistogramTest {

  /**
   * EMBER's ByteEntropyHistogram.raw_features, transcribed literally: every window computed from
   * scratch with Math.log, no shared step counts and no exact-log table.
   */
  private static long[] reference(byte[] data) {
    long[] out = new long[256];
    int window = 2048;
    int step = 1024;
    if (data.length < window) {
      addBlock(data, 0, data.length, out);
    } else {
      for (int start = 0; start <= data.length - window; start += step) {
        addBlock(data, start, window, out);
      }
    }
    return out;
  }

  private static void addBlock(byte[] data, int start, int n, long[] out) {
    long[] c = new long[16];
    for (int i = start; i < start + n; i++) {
      c[(data[i] & 0xff) >> 4]++;
    }
    double h = 0;
    for (long count : c) {
      if (count > 0) {
        double p = count / 2048.0;
        h -= p * Math.log(p) / Math.log(2);
      }
    }
    int bin = (int) (h * 2 * 2);
    if (bin == 16) {
      bin = 15;
    }
    for (int nib = 0; nib < 16; nib++) {
      out[bin * 16 + nib] += c[nib];
    }
  }

  @Test
  public void matchesTheReferenceOnVariedData() {
    Random rnd = new Random(42);
    for (int size : new int[] {0, 1, 100, 2047, 2048, 2049, 3072, 3073, 10_000, 100_000}) {
      byte[] data = new byte[size];
      for (int i = 0; i < size; i++) {
        // regions of low, medium and full entropy
        int region = (i / 4096) % 3;
        data[i] = (byte) (region == 0 ? rnd.nextInt(4) : region == 1 ? rnd.nextInt(40) : rnd.nextInt());
      }
      assertArrayEquals("size " + size, reference(data), ByteEntropyHistogram.of(data, size));
    }
  }

  @Test
  public void fullEntropyLandsInTheLastRow() {
    // 16 nibble values, 128 each: exactly 4 bits, which is bin 16, clamped to 15
    byte[] data = new byte[2048];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) ((i % 16) << 4);
    }
    long[] grid = ByteEntropyHistogram.of(data, data.length);
    for (int nib = 0; nib < 16; nib++) {
      assertEquals(128, grid[15 * 16 + nib]);
    }
    assertEquals(2048, Arrays.stream(grid).sum());
  }

  @Test
  public void countsEveryByteOfEachWindow() {
    byte[] data = new byte[5000];
    // windows start at 0, 1024, 2048: three windows of 2048 bytes
    assertEquals(3 * 2048, Arrays.stream(ByteEntropyHistogram.of(data, data.length)).sum());
    // all zero: entropy 0, nibble 0, so everything sits in the first cell
    assertEquals(3 * 2048, ByteEntropyHistogram.of(data, data.length)[0]);
  }
}
