package dev.merc.core.extract;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import dev.merc.core.fuzzy.Ssdeep;
import dev.merc.core.fuzzy.Tlsh;
import dev.merc.core.strings.StringExtractor;
import dev.merc.core.strings.StringsOptions;
import java.util.Random;
import org.junit.Test;

/**
 * The one pass gives what each extractor gives when it reads the whole buffer alone, for sizes
 * around the pass's chunk and the extractors' own units (8-byte words, 1024-byte blocks).
 */
public class SamplePassTest {

  @Test
  public void everyExtractorAgreesWithItsOwnWholeBufferRun() {
    Random rnd = new Random(11);
    int chunk = SamplePass.CHUNK;
    for (int size : new int[] {0, 1, 7, 300, 2047, 2048, 4097, chunk - 1, chunk, chunk + 9,
        3 * chunk + 1025}) {
      byte[] data = new byte[size + 5]; // the pass must stop at size
      for (int i = 0; i < data.length; i++) {
        int region = (i / 3000) % 3;
        data[i] = (byte) (region == 0 ? 'a' + rnd.nextInt(26) : region == 1 ? rnd.nextInt(8)
            : rnd.nextInt());
      }
      StringsOptions strings = StringsOptions.defaults();
      SamplePass.Result r = SamplePass.run(data, size, strings);
      Fingerprint f = Digests.of(data, size);
      String at = "size " + size;
      assertEquals(at, f.md5(), r.md5());
      assertEquals(at, f.sha1(), r.sha1());
      assertArrayEquals(at, f.histogram(), r.histogram());
      assertArrayEquals(at, reference(data, size), r.byteEntropyHistogram());
      assertEquals(at, Ssdeep.hash(data, size), r.ssdeep());
      assertEquals(at, Tlsh.hash(data, size), r.tlsh());
      assertEquals(at, StringExtractor.extract(data, size, strings), r.strings());
      assertNull(at, r.error());
    }
  }

  /** EMBER's definition, window by window from scratch. */
  private static long[] reference(byte[] data, int size) {
    long[] grid = new long[256];
    if (size < ByteEntropyHistogram.WINDOW) {
      window(data, 0, size, grid);
    } else {
      for (int start = 0; start + 2048 <= size; start += 1024) {
        window(data, start, 2048, grid);
      }
    }
    return grid;
  }

  private static void window(byte[] data, int start, int n, long[] grid) {
    int[] c = new int[16];
    for (int i = start; i < start + n; i++) {
      c[(data[i] & 0xff) >> 4]++;
    }
    double h = 0;
    for (int count : c) {
      if (count > 0) {
        double p = count / 2048.0;
        h -= p * Math.log(p) / Math.log(2);
      }
    }
    int row = Math.min(15, (int) (h * 4));
    for (int nib = 0; nib < 16; nib++) {
      grid[row * 16 + nib] += c[nib];
    }
  }
}
