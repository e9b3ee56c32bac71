package dev.merc.core.strings;

import java.nio.charset.StandardCharsets;

/**
 * A reusable view of a found string's bytes as characters, so strings that are counted and tagged
 * but not kept never become {@code String}s. Stride 1 reads ASCII, stride 2 reads UTF-16LE.
 */
final class ByteChars implements CharSequence {

  private byte[] data;
  private int offset;
  private int length;
  private int stride;

  ByteChars set(byte[] data, int offset, int length, int stride) {
    this.data = data;
    this.offset = offset;
    this.length = length;
    this.stride = stride;
    return this;
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public char charAt(int index) {
    if (index < 0 || index >= length) {
      throw new IndexOutOfBoundsException(index);
    }
    return (char) (data[offset + index * stride] & 0xFF);
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return toString().substring(start, end);
  }

  @Override
  public String toString() {
    return decode(data, offset, length, stride);
  }

  /** The characters of a found string; every byte read is printable ASCII or tab. */
  static String decode(byte[] data, int offset, int length, int stride) {
    if (stride == 1) {
      return new String(data, offset, length, StandardCharsets.ISO_8859_1);
    }
    byte[] chars = new byte[length];
    for (int i = 0; i < length; i++) {
      chars[i] = data[offset + 2 * i];
    }
    return new String(chars, StandardCharsets.ISO_8859_1);
  }
}
