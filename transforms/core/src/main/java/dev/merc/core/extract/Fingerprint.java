package dev.merc.core.extract;

/**
 * What the first pass over a sample yields: enough to key it (sha256) and decide whether it is
 * already stored, before the costlier extractors run.
 *
 * @param histogram the count of each byte value, 256 entries
 */
public record Fingerprint(String sha256, String sha1, String md5, long size, long[] histogram) {

  /** Shannon entropy in bits per byte, 0 to 8; 0 for an empty sample. */
  public double entropy() {
    return Entropy.ofHistogram(histogram, size);
  }
}
