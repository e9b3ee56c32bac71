package dev.merc.core.strings;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

/** The JSON names of the spec's "Strings" section, with the project's snake_case mapper. */
public class StringsJsonTest {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  @Test
  public void serializesWithTheSpecNames() throws Exception {
    byte[] data = "http://evil.com/\u0001W\0i\0d\0e\0".getBytes(StandardCharsets.ISO_8859_1);
    ExtractedStrings r = StringExtractor.extract(data, data.length, StringsOptions.defaults());
    JsonNode json = MAPPER.readTree(MAPPER.writeValueAsString(r));
    assertEquals(4, json.get("min_length").asInt());
    assertEquals(1, json.get("ascii_count").asLong());
    assertEquals(1, json.get("utf16_count").asLong());
    assertEquals(false, json.get("truncated").asBoolean());
    assertEquals(1, json.get("tag_counts").get("url").asLong());
    assertEquals(0, json.get("tag_counts").get("mutex").asLong());
    assertEquals(StringTag.values().length, json.get("tag_counts").size());
    JsonNode first = json.get("items").get(0);
    assertEquals(0, first.get("offset").asLong());
    assertEquals("ascii", first.get("encoding").asText());
    assertEquals("http://evil.com/", first.get("value").asText());
    assertEquals("[\"url\",\"domain\"]", first.get("tags").toString());
    JsonNode second = json.get("items").get(1);
    assertEquals("utf16le", second.get("encoding").asText());
    assertEquals(17, second.get("offset").asLong());
    assertEquals("[]", second.get("tags").toString());
  }

  @Test
  public void roundTrips() throws Exception {
    byte[] data = "C:\\x\\y.pdb\u0001H\0K\0L\0M\0".getBytes(StandardCharsets.ISO_8859_1);
    ExtractedStrings r = StringExtractor.extract(data, data.length, StringsOptions.defaults());
    ExtractedStrings back = MAPPER.readValue(MAPPER.writeValueAsString(r), ExtractedStrings.class);
    assertEquals(r, back);
  }

  @Test
  public void valuesAreImmutable() {
    ExtractedStrings r =
        new ExtractedStrings(4, 0, 0, false, Map.of(StringTag.URL, 2L), List.of());
    assertEquals(Long.valueOf(2), r.tagCounts().get(StringTag.URL));
    assertEquals(Long.valueOf(0), r.tagCounts().get(StringTag.PDB));
    assertThrows(UnsupportedOperationException.class, () -> r.tagCounts().put(StringTag.URL, 1L));
    FoundString s = new FoundString(0, StringEncoding.ASCII, "abcd", Set.of(StringTag.PDB, StringTag.URL));
    assertEquals(List.of(StringTag.URL, StringTag.PDB), List.copyOf(s.tags()));
    assertThrows(UnsupportedOperationException.class, () -> s.tags().add(StringTag.IPV4));
    assertTrue(new FoundString(0, StringEncoding.ASCII, "abcd", Set.of()).tags().isEmpty());
  }
}
