package dev.merc.core.extract;

/**
 * EMBER's byte-entropy histogram: slide a 2048-byte window in steps of 1024; each window adds the
 * counts of its bytes' high nibbles to the row of its entropy bin, 2 x (the window's nibble
 * entropy, scaled to bits per byte), truncated to 0..15. A file shorter than a window counts as one
 * window. As in EMBER, probabilities divide by the window size even then.
 */
public final class ByteEntropyHistogram {

  public static final int WINDOW = 2048;
  public static final int STEP = 1024;

  /** -p log2 p for p = c / WINDOW, exact for the powers of two that sit on bin edges. */
  private static final double[] TERM = new double[WINDOW + 1];

  static {
    for (int c = 1; c <= WINDOW; c++) {
      double p = (double) c / WINDOW;
      double log2 =
          Integer.bitCount(c) == 1
              ? Integer.numberOfTrailingZeros(c) - 11
              : Math.log(p) / Math.log(2);
      TERM[c] = -p * log2;
    }
  }

  private ByteEntropyHistogram() {}

  /** The 16 x 16 grid, row by row (row = entropy bin, column = high nibble). */
  public static long[] of(byte[] data, int length) {
    ByteStats stats = new ByteStats();
    stats.update(data, 0, length);
    return stats.byteEntropyHistogram();
  }

  /** Adds one window, given its high-nibble counts, to the row of its entropy bin. */
  static void addWindow(int[] nibbles, long[] grid) {
    double bits = 0;
    for (int c : nibbles) {
      bits += TERM[c];
    }
    // Nibble entropy is at most 4 bits: x2 scales it to bits per byte, x2 again makes 16 bins.
    int row = Math.min(15, (int) (bits * 2 * 2)) * 16;
    for (int nib = 0; nib < 16; nib++) {
      grid[row + nib] += nibbles[nib];
    }
  }
}
