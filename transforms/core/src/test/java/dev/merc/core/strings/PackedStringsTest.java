package dev.merc.core.strings;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.Test;

/** The packed list holds exactly the items it was given, in order. */
public class PackedStringsTest {

  @Test
  public void givesBackEveryItemInOrder() {
    List<FoundString> items = List.of(
        new FoundString(3, StringEncoding.ASCII, "plain", Set.of()),
        new FoundString(70_000_000_000L, StringEncoding.ASCII, "tab\there", Set.of()),
        new FoundString(9, StringEncoding.UTF16LE, "http://x.example.com",
            EnumSet.of(StringTag.URL, StringTag.DOMAIN)),
        new FoundString(12, StringEncoding.ASCII, "", Set.of(StringTag.MUTEX)));
    PackedStrings packed = PackedStrings.of(items);
    assertEquals(items, packed);
    assertEquals(items, List.copyOf(packed));
    assertEquals(StringEncoding.UTF16LE, packed.encoding(2));
    assertEquals(StringTag.URL.bit() | StringTag.DOMAIN.bit(), packed.tagMask(2));
    assertEquals("tab\there", packed.value(1));
    assertEquals(70_000_000_000L, packed.offset(1));
    assertTrue("a packed list is kept as it is", PackedStrings.of(packed) == packed);
    assertThrows(IndexOutOfBoundsException.class, () -> packed.get(4));
  }

  @Test
  public void theBuilderCopiesUtf16LowBytes() {
    byte[] data = "a\0b\0c\0d\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    PackedStrings.Builder b = new PackedStrings.Builder();
    b.add(0, StringEncoding.UTF16LE, 0, data, 0, 4, 2);
    assertEquals(List.of(new FoundString(0, StringEncoding.UTF16LE, "abcd", Set.of())), b.build());
  }

  @Test
  public void rejectsCharactersThatAStringItemCannotHold() {
    assertThrows(IllegalArgumentException.class, () -> PackedStrings.of(
        List.of(new FoundString(0, StringEncoding.ASCII, "snowman \u2603", Set.of()))));
  }
}
