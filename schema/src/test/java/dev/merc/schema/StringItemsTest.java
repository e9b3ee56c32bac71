package dev.merc.schema;

import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.merc.core.strings.FoundString;
import dev.merc.core.strings.PackedStrings;
import dev.merc.core.strings.StringEncoding;
import dev.merc.core.strings.StringTag;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.Test;

/** The stored items are JSON that gives back each item of its encoding, in order. */
public class StringItemsTest {

  @Test
  public void eachEncodingsItemsComeBackFromTheJson() throws Exception {
    List<FoundString> items = List.of(
        new FoundString(0, StringEncoding.ASCII, "say \"hi\"\t\\ok", Set.of()),
        new FoundString(1234567890123L, StringEncoding.ASCII, "http://a.example.com",
            EnumSet.of(StringTag.URL, StringTag.DOMAIN)),
        new FoundString(7, StringEncoding.UTF16LE, "C:\\Windows", EnumSet.of(StringTag.PATH)),
        new FoundString(9, StringEncoding.ASCII, "", Set.of()));
    PackedStrings packed = PackedStrings.of(items);
    for (StringEncoding e : StringEncoding.values()) {
      List<String> expected = new ArrayList<>();
      for (FoundString f : items) {
        if (f.encoding() == e) {
          List<String> tags = new ArrayList<>();
          f.tags().forEach(t -> tags.add(t.json()));
          expected.add(f.offset() + "|" + f.value() + "|" + tags);
        }
      }
      List<String> parsed = new ArrayList<>();
      for (JsonNode item : new ObjectMapper().readTree(StringItems.json(packed, e))) {
        List<String> tags = new ArrayList<>();
        item.path(2).forEach(t -> tags.add(t.asText()));
        parsed.add(item.get(0).asLong() + "|" + item.get(1).asText() + "|" + tags);
      }
      assertEquals(e.json(), expected, parsed);
    }
    assertEquals("[]", StringItems.json(PackedStrings.of(List.of()), StringEncoding.ASCII));
  }
}
