package dev.merc.core.extract;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The first pass: md5, sha1, sha256 and the byte histogram, fed chunk by chunk so that each chunk
 * is still in cache when the next digest reads it.
 */
public final class Digests {

  private static final int CHUNK = 64 * 1024;
  private static final HexFormat HEX = HexFormat.of();

  private Digests() {}

  public static Fingerprint of(byte[] data, int length) {
    MessageDigest md5 = digest("MD5");
    MessageDigest sha1 = digest("SHA-1");
    MessageDigest sha256 = digest("SHA-256");
    long[] histogram = new long[256];
    for (int off = 0; off < length; off += CHUNK) {
      int n = Math.min(CHUNK, length - off);
      md5.update(data, off, n);
      sha1.update(data, off, n);
      sha256.update(data, off, n);
      count(data, off, n, histogram);
    }
    return new Fingerprint(
        HEX.formatHex(sha256.digest()),
        HEX.formatHex(sha1.digest()),
        HEX.formatHex(md5.digest()),
        length,
        histogram);
  }

  private static void count(byte[] data, int off, int n, long[] histogram) {
    for (int i = off, end = off + n; i < end; i++) {
      histogram[data[i] & 0xff]++;
    }
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is missing from this JVM", e);
    }
  }
}
