package dev.merc.core.extract;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The sample's sha256, which decides whether it is new, and the fingerprint a sample keeps when
 * its extraction is cut short: md5, sha1, sha256 and the byte histogram, fed chunk by chunk so
 * that each chunk is still in cache when the next digest reads it.
 */
public final class Digests {

  private static final int CHUNK = 64 * 1024;
  private static final HexFormat HEX = HexFormat.of();

  private Digests() {}

  public static String sha256(byte[] data, int length) {
    MessageDigest sha256 = digest("SHA-256");
    sha256.update(data, 0, length);
    return hex(sha256.digest());
  }

  public static Fingerprint of(byte[] data, int length) {
    MessageDigest md5 = digest("MD5");
    MessageDigest sha1 = digest("SHA-1");
    MessageDigest sha256 = digest("SHA-256");
    ByteStats bytes = new ByteStats();
    for (int off = 0; off < length; off += CHUNK) {
      int n = Math.min(CHUNK, length - off);
      md5.update(data, off, n);
      sha1.update(data, off, n);
      sha256.update(data, off, n);
      bytes.update(data, off, n);
    }
    return new Fingerprint(
        hex(sha256.digest()), hex(sha1.digest()), hex(md5.digest()), length, bytes.histogram());
  }

  static String hex(byte[] digest) {
    return HEX.formatHex(digest);
  }

  static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is missing from this JVM", e);
    }
  }
}
