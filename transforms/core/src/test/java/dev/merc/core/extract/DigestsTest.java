package dev.merc.core.extract;

import static org.junit.Assert.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.Test;

public class DigestsTest {

  @Test
  public void matchesPublishedTestVectors() {
    byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
    Fingerprint f = Digests.of(abc, abc.length);
    // FIPS 180 and RFC 1321 examples for "abc"
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", f.sha256());
    assertEquals("a9993e364706816aba3e25717850c26c9cd0d89d", f.sha1());
    assertEquals("900150983cd24fb0d6963f7d28e17f72", f.md5());
    assertEquals(3, f.size());
  }

  @Test
  public void hashesOnlyTheValidPrefixOfTheArray() {
    byte[] padded = Arrays.copyOf("abc".getBytes(StandardCharsets.US_ASCII), 1000);
    padded[500] = 7;
    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        Digests.of(padded, 3).sha256());
  }

  @Test
  public void chunkingDoesNotChangeTheHistogram() {
    byte[] data = new byte[300_000];
    new Random(1).nextBytes(data);
    long[] expected = new long[256];
    for (byte b : data) {
      expected[b & 0xff]++;
    }
    Fingerprint f = Digests.of(data, data.length);
    assertEquals(Arrays.toString(expected), Arrays.toString(f.histogram()));
  }

  @Test
  public void emptyInputHasTheEmptyDigestsAndZeroEntropy() {
    Fingerprint f = Digests.of(new byte[0], 0);
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", f.sha256());
    assertEquals(0.0, f.entropy(), 0.0);
  }
}
