package dev.merc.core.extract;

import dev.merc.core.bytes.ByteCounts;

/** Shannon entropy in bits per byte. */
public final class Entropy {

  private static final double LN2 = Math.log(2);

  private Entropy() {}

  public static double ofHistogram(long[] histogram, long total) {
    if (total <= 0) {
      return 0.0;
    }
    double sum = 0;
    for (long count : histogram) {
      if (count > 0) {
        double p = (double) count / total;
        sum -= p * Math.log(p);
      }
    }
    // -0.0 and tiny negative rounding both read as 0 in the record.
    return Math.max(0.0, sum / LN2);
  }

  public static double of(byte[] data, int offset, int length) {
    return ofHistogram(ByteCounts.histogram(data, offset, length), length);
  }
}
