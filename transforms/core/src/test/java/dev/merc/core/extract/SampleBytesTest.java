package dev.merc.core.extract;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;
import java.util.Random;
import org.junit.Test;

public class SampleBytesTest {

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  private static ReadableByteChannel channel(byte[] b) {
    return Channels.newChannel(new ByteArrayInputStream(b));
  }

  private static byte[] content(SampleBytes s) {
    return Arrays.copyOf(s.data(), s.length());
  }

  @Test
  public void readsExactlyTheDeclaredSize() throws IOException {
    byte[] b = random(100_000);
    SampleBytes s = SampleBytes.read(channel(b), b.length, 1 << 20);
    assertEquals(b.length, s.length());
    assertArrayEquals(b, content(s));
  }

  @Test
  public void readsPastAStaleDeclaredSize() throws IOException {
    byte[] b = random(70_000);
    // /proc files and growing files declare less than they hold
    SampleBytes s = SampleBytes.read(channel(b), 0, 1 << 20);
    assertArrayEquals(b, content(s));
  }

  @Test
  public void readsAFileThatShrank() throws IOException {
    byte[] b = random(10);
    assertArrayEquals(b, content(SampleBytes.read(channel(b), 5_000, 1 << 20)));
  }

  @Test
  public void readsIntoAReusedArrayWhenItIsLargeEnough() throws IOException {
    byte[] first = random(50_000);
    SampleBytes a = SampleBytes.read(channel(first), first.length, 1 << 20);
    byte[] second = random(20_000);
    SampleBytes b = SampleBytes.read(channel(second), second.length, 1 << 20, a.data());
    assertTrue("the larger array is read into again", b.data() == a.data());
    assertArrayEquals(second, content(b));
    byte[] third = random(60_000);
    SampleBytes c = SampleBytes.read(channel(third), third.length, 1 << 20, b.data());
    assertTrue("a smaller one is not", c.data() != b.data());
    assertArrayEquals(third, content(c));
  }

  @Test
  public void readsAnEmptyFile() throws IOException {
    assertEquals(0, SampleBytes.read(channel(new byte[0]), 0, 10).length());
  }

  @Test
  public void rejectsADeclaredSizeOverTheCapBeforeReading() {
    // The channel would throw if touched: the cap must be checked first.
    ReadableByteChannel untouchable =
        new ReadableByteChannel() {
          @Override
          public int read(java.nio.ByteBuffer dst) {
            throw new AssertionError("read despite the cap");
          }

          @Override
          public boolean isOpen() {
            return true;
          }

          @Override
          public void close() {}
        };
    assertThrows(SampleTooLargeException.class, () -> SampleBytes.read(untouchable, 11, 10));
  }

  @Test
  public void rejectsContentThatGrowsOverTheCap() {
    byte[] b = random(50_000);
    assertThrows(SampleTooLargeException.class, () -> SampleBytes.read(channel(b), 10, 40_000));
  }

  @Test
  public void acceptsContentExactlyAtTheCap() throws IOException {
    byte[] b = random(40_000);
    assertEquals(40_000, SampleBytes.read(channel(b), 0, 40_000).length());
  }
}
