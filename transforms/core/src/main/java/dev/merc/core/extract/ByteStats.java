package dev.merc.core.extract;

import dev.merc.core.bytes.ByteCounts;
import java.util.Arrays;

/**
 * The byte histogram and EMBER's byte-entropy histogram, fed chunk by chunk. Each byte is counted
 * once: into the current 1024-byte block's histogram, which then adds to the file's histogram and
 * gives the block's high-nibble counts; a window of {@link ByteEntropyHistogram} is two blocks.
 */
public final class ByteStats {

  private static final int BLOCK = ByteEntropyHistogram.STEP;

  private final long[] histogram = new long[256];
  private final long[] grid = new long[256];
  private final ByteCounts block = new ByteCounts();
  private int inBlock;
  /** The high-nibble counts of the block before and of the block just closed. */
  private int[] previousBlock = new int[16];
  private int[] closedBlock = new int[16];
  private boolean hasPrevious;
  private long total;

  public void update(byte[] data, int off, int len) {
    java.util.Objects.checkFromIndexSize(off, len, data.length);
    total += len;
    while (len > 0) {
      int n = Math.min(len, BLOCK - inBlock);
      block.add(data, off, n);
      off += n;
      len -= n;
      inBlock += n;
      if (inBlock == BLOCK) {
        closeBlock(closedBlock);
        if (hasPrevious) {
          for (int i = 0; i < 16; i++) {
            previousBlock[i] += closedBlock[i]; // the window of the two blocks
          }
          ByteEntropyHistogram.addWindow(previousBlock, grid);
        }
        int[] t = previousBlock;
        previousBlock = closedBlock;
        closedBlock = t;
        hasPrevious = true;
      }
    }
  }

  /** Adds the block's counts to the file's and its high-nibble counts to {@code nibbles}. */
  private void closeBlock(int[] nibbles) {
    Arrays.fill(nibbles, 0);
    for (int b = 0; b < 256; b++) {
      int n = block.count(b);
      histogram[b] += n;
      nibbles[b >>> 4] += n;
    }
    block.clear();
    inBlock = 0;
  }

  /** The count of each byte value, 256 entries. */
  public long[] histogram() {
    if (inBlock > 0) {
      closeBlock(new int[16]); // a partial last block is in no window
    }
    return histogram.clone();
  }

  /** EMBER's 16 x 16 grid, row by row; a file shorter than a window counts as one window. */
  public long[] byteEntropyHistogram() {
    long[] h = histogram();
    if (total >= ByteEntropyHistogram.WINDOW) {
      return grid.clone();
    }
    int[] nibbles = new int[16];
    for (int b = 0; b < 256; b++) {
      nibbles[b >>> 4] += (int) h[b];
    }
    long[] shortFile = new long[256];
    ByteEntropyHistogram.addWindow(nibbles, shortFile);
    return shortFile;
  }

  public long total() {
    return total;
  }
}
