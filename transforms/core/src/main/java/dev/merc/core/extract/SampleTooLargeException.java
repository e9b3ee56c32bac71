package dev.merc.core.extract;

import java.io.IOException;

/** The input holds more bytes than the configured per-sample cap; it is not read into memory. */
public class SampleTooLargeException extends IOException {
  public SampleTooLargeException(long size, long maxBytes) {
    super("sample has " + (size < 0 ? "more than " + maxBytes : size) + " bytes, over the cap of "
        + maxBytes + " (--maxSampleBytes)");
  }
}
