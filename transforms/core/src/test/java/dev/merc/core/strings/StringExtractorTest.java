package dev.merc.core.strings;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

public class StringExtractorTest {

  private static final StringsOptions DEFAULTS = StringsOptions.defaults();

  /** "o:e:v" triples, e = a (ascii) or u (utf16le), for compact assertions. */
  private static List<String> describe(ExtractedStrings r) {
    List<String> out = new ArrayList<>();
    for (FoundString s : r.items()) {
      out.add(s.offset() + ":" + (s.encoding() == StringEncoding.ASCII ? "a" : "u") + ":" + s.value());
    }
    return out;
  }

  private static ExtractedStrings run(byte[] data, int minLength) {
    return StringExtractor.extract(data, data.length, StringsOptions.uncapped(minLength));
  }

  private static byte[] bytes(String latin1) {
    return latin1.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String utf16(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c).append('\0');
    }
    return b.toString();
  }

  @Test
  public void emptyInputHasNoStrings() {
    ExtractedStrings r = StringExtractor.extract(new byte[0], 0, DEFAULTS);
    assertEquals(4, r.minLength());
    assertEquals(0, r.asciiCount());
    assertEquals(0, r.utf16Count());
    assertFalse(r.truncated());
    assertTrue(r.items().isEmpty());
    assertEquals(StringTag.values().length, r.tagCounts().size());
    assertEquals(Long.valueOf(0), r.tagCounts().get(StringTag.URL));
  }

  @Test
  public void minLengthBoundaries() {
    byte[] data = bytes("abc\0abcd\0ab\0");
    assertEquals(List.of("4:a:abcd"), describe(run(data, 4)));
    assertEquals(List.of("0:a:abc", "4:a:abcd"), describe(run(data, 3)));
    assertEquals(List.of("0:a:abc", "4:a:abcd", "9:a:ab"), describe(run(data, 2)));
    assertEquals(List.of(), describe(run(data, 5)));
    assertEquals(
        List.of("0:a:a", "2:a:b", "4:a:c", "6:a:d", "0:u:abcd"), describe(run(bytes(utf16("abcd")), 1)));
  }

  @Test
  public void stringsAtEndOfInput() {
    assertEquals(List.of("2:a:abcd"), describe(run(bytes("\u0001\u0001abcd"), 4)));
    assertEquals(List.of("1:u:abcd"), describe(run(bytes("\u0001" + utf16("abcd")), 4)));
    // the last pair lacks its zero byte: only three pairs
    assertEquals(List.of(), describe(run(bytes("a\0b\0c\0d"), 4)));
  }

  @Test
  public void lengthLimitsTheScan() {
    byte[] data = bytes("\u0001abcdefgh");
    ExtractedStrings r = StringExtractor.extract(data, 5, DEFAULTS);
    assertEquals(List.of("1:a:abcd"), describe(r));
    assertThrows(IllegalArgumentException.class, () -> StringExtractor.extract(data, 10, DEFAULTS));
    assertThrows(IllegalArgumentException.class, () -> StringExtractor.extract(data, -1, DEFAULTS));
  }

  @Test
  public void tabIsPrintableButNotNewlineOrDel() {
    assertEquals(List.of("0:a:a\tbc"), describe(run(bytes("a\tbc"), 4)));
    assertEquals(List.of(), describe(run(bytes("ab\ncd\rxy\u007fzw"), 4)));
    assertEquals(List.of("0:a:ab~ }"), describe(run(bytes("ab~ }\u007f"), 4)));
    assertEquals(List.of(), describe(run(bytes("ab\u0080cd\u00ffef"), 3)));
  }

  @Test
  public void utf16AtOddOffsets() {
    // a non-pair byte pushes the string to offset 1
    assertEquals(List.of("1:u:Test"), describe(run(bytes("\u0001" + utf16("Test")), 4)));
    // "ABCD" as pairs, then 'E' with a non-zero follower: the next chain starts at the odd 'F'
    String data = utf16("ABCD") + "EF\0G\0H\0I\0";
    assertEquals(List.of("0:u:ABCD", "9:u:FGHI"), describe(run(bytes(data), 4)));
    // both parities in one buffer, in file order
    String two = "\u0001" + utf16("odd!") + "\u0001\u0001" + utf16("even");
    assertEquals(List.of("1:u:odd!", "11:u:even"), describe(run(bytes(two), 4)));
  }

  @Test
  public void asciiFirstThenUtf16EachInFileOrder() {
    String data = utf16("wide one") + "\u0001narrow one\u0001" + utf16("wide two") + "\u0001tail";
    assertEquals(
        List.of("17:a:narrow one", "45:a:tail", "0:u:wide one", "28:u:wide two"),
        describe(run(bytes(data), 4)));
  }

  @Test
  public void bufferOfOneRepeatedAIsAStringAsInFlossOnPython3() {
    // FLOSS's repeated-byte skip compares an int with one-character strings and never fires.
    assertEquals(List.of("0:a:AAAAAAAA"), describe(run(bytes("AAAAAAAA"), 4)));
    assertEquals(List.of("0:a:AAAAAAAB"), describe(run(bytes("AAAAAAAB"), 4)));
    assertEquals(List.of("0:a:BBBBBBBB"), describe(run(bytes("BBBBBBBB"), 4)));
  }

  @Test
  public void maxStringsKeepsAPrefixAndTrueCounts() {
    String data = "one1\0two2\0three\u0001" + utf16("four") + "\u0001five";
    ExtractedStrings r = StringExtractor.extract(bytes(data), data.length(), new StringsOptions(4, 2, 1000));
    assertEquals(List.of("0:a:one1", "5:a:two2"), describe(r));
    assertTrue(r.truncated());
    assertEquals(4, r.asciiCount());
    assertEquals(1, r.utf16Count());

    ExtractedStrings all = StringExtractor.extract(bytes(data), data.length(), new StringsOptions(4, 5, 1000));
    assertFalse(all.truncated());
    assertEquals(5, all.items().size());
    assertEquals(StringEncoding.UTF16LE, all.items().get(4).encoding());
  }

  @Test
  public void maxStringBytesStopsAtTheFirstStringThatDoesNotFit() {
    String data = "aaaa\0bbbbbbbb\0cc\0dddd\0" + utf16("eeee");
    ExtractedStrings r = StringExtractor.extract(bytes(data), data.length(), new StringsOptions(2, 100, 10));
    // "bbbbbbbb" would make 12 chars; nothing after it is kept, even "cc" which would fit
    assertEquals(List.of("0:a:aaaa"), describe(r));
    assertTrue(r.truncated());
    assertEquals(4, r.asciiCount());
    assertEquals(1, r.utf16Count());
  }

  @Test
  public void utf16ItemsNeedRoomLeftByAscii() {
    String data = "aaaa\u0001" + utf16("wide") + "\u0001bbbb";
    ExtractedStrings r = StringExtractor.extract(bytes(data), data.length(), new StringsOptions(4, 100, 8));
    assertEquals(List.of("0:a:aaaa", "14:a:bbbb"), describe(r));
    assertTrue(r.truncated());
    ExtractedStrings r2 = StringExtractor.extract(bytes(data), data.length(), new StringsOptions(4, 100, 12));
    assertEquals(List.of("0:a:aaaa", "14:a:bbbb", "5:u:wide"), describe(r2));
    assertFalse(r2.truncated());
  }

  @Test
  public void tagCountsCoverStringsThatWereNotKept() {
    String data =
        "http://evil.example.com/x\u0001" + utf16("C:\\Windows\\evil.exe") + "\u0001HKLM\\Software\\x";
    ExtractedStrings r = StringExtractor.extract(bytes(data), data.length(), new StringsOptions(4, 0, 0));
    assertTrue(r.items().isEmpty());
    assertTrue(r.truncated());
    assertEquals(Long.valueOf(1), r.tagCounts().get(StringTag.URL));
    assertEquals(Long.valueOf(1), r.tagCounts().get(StringTag.PATH));
    assertEquals(Long.valueOf(1), r.tagCounts().get(StringTag.REGISTRY));
    assertEquals(Long.valueOf(0), r.tagCounts().get(StringTag.MUTEX));

    ExtractedStrings kept = run(bytes(data), 4);
    assertEquals(Set.of(StringTag.URL, StringTag.DOMAIN), kept.items().get(0).tags());
    assertEquals(Set.of(StringTag.PATH), kept.items().get(2).tags());
  }

  @Test
  public void tagsFromBytesMatchTagsFromStringsInBothEncodings() {
    String[] samples = {
      "http://1.2.3.4/a.pdb", "Global\\evil", "HKCU\\Software\\x", "fe80::1", "a@evil.ru",
      "aGVsbG8gd29ybGQgZnJvbSBtYWx3YXJl", "/usr/bin/sh", "kernel32.dll", "plain words"
    };
    StringBuilder data = new StringBuilder();
    for (String v : samples) {
      data.append('\u0001').append(v).append('\u0001').append(utf16(v));
    }
    ExtractedStrings r = run(bytes(data.toString()), 4);
    assertEquals(2 * samples.length, r.items().size());
    for (FoundString f : r.items()) {
      assertEquals(f.value(), StringTagger.tag(f.value()), f.tags());
    }
    assertEquals(Long.valueOf(2), r.tagCounts().get(StringTag.PDB));
    assertEquals(Long.valueOf(2), r.tagCounts().get(StringTag.REGISTRY));
    assertEquals(Long.valueOf(2), r.tagCounts().get(StringTag.MUTEX));
  }

  @Test
  public void optionsAreValidatedByName() {
    assertThrows("minLength", IllegalArgumentException.class, () -> new StringsOptions(0, 1, 1));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new StringsOptions(4, -1, 1));
    assertTrue(e.getMessage().contains("maxStrings"));
    e = assertThrows(IllegalArgumentException.class, () -> new StringsOptions(4, 1, -1));
    assertTrue(e.getMessage().contains("maxStringBytes"));
    e = assertThrows(IllegalArgumentException.class, () -> new StringsOptions(0, 1, 1));
    assertTrue(e.getMessage().contains("minLength"));
    assertEquals(new StringsOptions(4, 20_000, 4L << 20), StringsOptions.defaults());
  }

  /**
   * Random buffers against an independent oracle: java.util.regex running FLOSS's two patterns
   * over the bytes read as Latin-1 (find() is leftmost, greedy, non-overlapping, like finditer).
   */
  @Test
  public void matchesTheRegexOracleOnRandomBuffers() {
    Random random = new Random(20261203L);
    for (int round = 0; round < 5000; round++) {
      int n = 1 + random.nextInt(12);
      byte[] data = randomBuffer(random);
      assertEquals("round " + round + " n=" + n, oracle(data, n), describe(run(data, n)));
    }
  }

  /** The scan fed in steps, as the sample pass feeds it, finds exactly what one call finds. */
  @Test
  public void aScanFedInStepsFindsTheSameStrings() {
    Random random = new Random(7);
    for (int round = 0; round < 500; round++) {
      byte[] data = randomBuffer(random);
      StringsOptions o = new StringsOptions(1 + random.nextInt(6), 1 + random.nextInt(30), 200);
      StringExtractor.Scanner s = StringExtractor.scanner(data, data.length, o);
      for (int at = 0; at < data.length; at += 8 * (1 + random.nextInt(4))) {
        s.advance(at);
      }
      assertEquals("round " + round, StringExtractor.extract(data, data.length, o), s.finish());
    }
  }

  /** Segments of ASCII runs, UTF-16LE runs (either parity) and noise, of random lengths. */
  private static byte[] randomBuffer(Random random) {
    byte[] printable = {'a', 'Z', ' ', '\t', '~', '0'};
    byte[] noise = {0, 0, 0x7F, '\n', (byte) 0xFF, 1, (byte) 0x80, 0x1F};
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int segments = random.nextInt(12);
    for (int s = 0; s < segments; s++) {
      int len = random.nextInt(random.nextBoolean() ? 4 : 20);
      switch (random.nextInt(3)) {
        case 0 -> {
          for (int k = 0; k < len; k++) {
            out.write(printable[random.nextInt(printable.length)]);
          }
        }
        case 1 -> {
          for (int k = 0; k < len; k++) {
            out.write(printable[random.nextInt(printable.length)]);
            out.write(0);
          }
        }
        default -> {
          for (int k = 0; k < len; k++) {
            out.write(noise[random.nextInt(noise.length)]);
          }
        }
      }
    }
    return out.toByteArray();
  }

  private static List<String> oracle(byte[] data, int n) {
    String text = new String(data, StandardCharsets.ISO_8859_1);
    List<String> out = new ArrayList<>();
    Matcher a = Pattern.compile("[\\t\\x20-\\x7E]{" + n + ",}").matcher(text);
    while (a.find()) {
      out.add(a.start() + ":a:" + a.group());
    }
    Matcher u = Pattern.compile("(?:[\\t\\x20-\\x7E]\\x00){" + n + ",}").matcher(text);
    while (u.find()) {
      out.add(u.start() + ":u:" + u.group().replace("\0", ""));
    }
    return out;
  }
}
