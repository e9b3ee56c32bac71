package dev.merc.core.extract;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;

/**
 * A sample's bytes, read once into memory under a cap. Every extractor then works on this one
 * array: nothing reads the file again or copies it.
 *
 * @param data holds the sample in its first {@code length} bytes (it may be longer)
 */
public record SampleBytes(byte[] data, int length) {

  /** The largest cap the JVM can honour: arrays index with int. */
  public static final long MAX_CAP = Integer.MAX_VALUE - 64;

  /**
   * Reads to EOF. The declared size only sizes the first buffer, and only after it is checked
   * against the cap: files that grow, shrink or lie about their size (such as /proc files that say
   * 0) are still read correctly and never past the cap.
   */
  public static SampleBytes read(ReadableByteChannel channel, long declaredSize, long maxBytes)
      throws IOException {
    return read(channel, declaredSize, maxBytes, null);
  }

  /**
   * The same, reading into {@code reuse} when it is large enough (its old content is overwritten),
   * so that a reader going through many files does not allocate an array for each.
   */
  public static SampleBytes read(ReadableByteChannel channel, long declaredSize, long maxBytes,
      byte[] reuse) throws IOException {
    if (maxBytes < 0 || maxBytes > MAX_CAP) {
      throw new IllegalArgumentException("maxBytes out of range: " + maxBytes);
    }
    if (declaredSize > maxBytes) {
      throw new SampleTooLargeException(declaredSize, maxBytes);
    }
    // One spare byte, so that reading a file of exactly the declared size ends at EOF in place.
    int wanted = (int) Math.max(0, declaredSize) + 1;
    byte[] buf = reuse != null && reuse.length >= wanted ? reuse : new byte[wanted];
    int length = 0;
    while (true) {
      if (length == buf.length) {
        if (length > maxBytes) {
          throw new SampleTooLargeException(-1, maxBytes);
        }
        long grown = Math.min(Math.max(8192L, (long) buf.length * 2), maxBytes + 1);
        buf = Arrays.copyOf(buf, (int) grown);
      }
      int n = channel.read(ByteBuffer.wrap(buf, length, buf.length - length));
      if (n < 0) {
        break;
      }
      length += n;
    }
    if (length > maxBytes) {
      throw new SampleTooLargeException(length, maxBytes);
    }
    return new SampleBytes(buf, length);
  }
}
