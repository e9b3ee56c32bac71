package dev.merc.core.text;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;

import java.nio.charset.StandardCharsets;
import org.junit.Test;

public class SafeTextTest {

  @Test
  public void leavesCleanTextAlone() {
    String s = "C:\\Windows\\système32 \uD83D\uDE00";
    assertSame(s, SafeText.of(s));
  }

  @Test
  public void escapesNul() {
    assertEquals("a\\x00b", SafeText.of("a\0b"));
  }

  @Test
  public void replacesLoneSurrogatesSoTheTextHasAUtf8Form() {
    String cleaned = SafeText.of("x\uD800y\uDC00");
    assertEquals("x\uFFFDy\uFFFD", cleaned);
    String roundTrip =
        new String(cleaned.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    assertEquals(cleaned, roundTrip);
  }

  @Test
  public void keepsValidPairsNextToBadCharacters() {
    assertEquals("\uD83D\uDE00\\x00", SafeText.of("\uD83D\uDE00\0"));
  }

  @Test
  public void passesNull() {
    assertNull(SafeText.of(null));
  }
}
