package dev.merc.core.pe;

import static org.junit.Assert.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.Test;

/** The reduced sum equals pefile's generate_checksum loop, transcribed literally. */
public class ChecksumTest {

  private static long pefile(byte[] data, long checksumOffset) {
    long checksum = 0;
    int remainder = data.length % 4;
    int dataLen = data.length + (remainder != 0 ? 4 - remainder : 0);
    for (int i = 0; i < dataLen / 4; i++) {
      if (i == checksumOffset / 4) {
        continue;
      }
      long dword = 0;
      for (int k = 3; k >= 0; k--) {
        int at = i * 4 + k;
        dword = dword << 8 | (at < data.length ? data[at] & 0xFF : 0);
      }
      checksum += dword;
      if (checksum >= 1L << 32) {
        checksum = (checksum & 0xFFFFFFFFL) + (checksum >>> 32);
      }
    }
    checksum = (checksum & 0xFFFF) + (checksum >>> 16);
    checksum = checksum + (checksum >>> 16);
    checksum &= 0xFFFF;
    return checksum + data.length;
  }

  @Test
  public void equalsPefilesLoop() {
    Random rnd = new Random(5);
    for (int round = 0; round < 3000; round++) {
      byte[] data = new byte[rnd.nextInt(round < 1000 ? 24 : 5000)];
      switch (round % 4) {
        case 0 -> rnd.nextBytes(data);
        case 1 -> Arrays.fill(data, (byte) 0xFF); // every dword is 2^32 - 1: residue 0
        case 2 -> { } // all zero
        default -> {
          for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (rnd.nextInt(4) == 0 ? rnd.nextInt() : 0xFF);
          }
        }
      }
      long offset = rnd.nextInt(data.length + 8);
      assertEquals("round " + round, pefile(data, offset),
          Checksum.compute(new ByteReader(data, data.length), offset));
    }
  }
}
