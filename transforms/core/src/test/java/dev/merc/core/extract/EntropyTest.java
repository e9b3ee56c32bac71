package dev.merc.core.extract;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class EntropyTest {

  @Test
  public void everyByteValueOnceIsEightBits() {
    byte[] b = new byte[256];
    for (int i = 0; i < 256; i++) {
      b[i] = (byte) i;
    }
    assertEquals(8.0, Entropy.of(b, 0, b.length), 1e-12);
  }

  @Test
  public void oneValueIsZeroBits() {
    assertEquals(0.0, Entropy.of(new byte[1000], 0, 1000), 0.0);
  }

  @Test
  public void twoEqualValuesAreOneBit() {
    assertEquals(1.0, Entropy.of(new byte[] {1, 2, 1, 2}, 0, 4), 1e-12);
  }

  @Test
  public void aSkewedPairFollowsTheFormula() {
    // p = 1/4, 3/4: -(0.25 log2 0.25 + 0.75 log2 0.75)
    double expected = -(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75)) / Math.log(2);
    assertEquals(expected, Entropy.of(new byte[] {9, 0, 0, 0}, 0, 4), 1e-12);
  }

  @Test
  public void honoursOffsetAndLength() {
    assertEquals(1.0, Entropy.of(new byte[] {5, 5, 1, 2, 5}, 2, 2), 1e-12);
  }
}
