package dev.merc.core.record;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.Test;

public class RecordJsonTest {

  private static SampleRecord sample(StageError error) {
    return new SampleRecord(
        "a".repeat(64), "b".repeat(40), "c".repeat(32), 10, 2.5, null, null, List.of("/x"),
        null, null, null, null, null, null, error);
  }

  @Test
  public void writesTheSpecsSnakeCaseNamesAndKeepsNulls() throws Exception {
    JsonNode json = RecordJson.mapper().readTree(RecordJson.toJson(sample(null)));
    assertEquals("a".repeat(64), json.get("sha256").asText());
    assertEquals(10, json.get("size").asLong());
    assertTrue(json.has("magic") && json.get("magic").isNull());
    assertTrue(json.has("error") && json.get("error").isNull());
    assertEquals("/x", json.get("paths").get(0).asText());
  }

  @Test
  public void stagesAreLowerCase() throws Exception {
    JsonNode json =
        RecordJson.mapper()
            .readTree(RecordJson.toJson(sample(new StageError(Stage.MAGIC, "boom"))));
    assertEquals("magic", json.get("error").get("stage").asText());
  }

  @Test
  public void textLeavesWithoutNulOrLoneSurrogates() throws Exception {
    SampleRecord r =
        new SampleRecord(
            "a".repeat(64), "b".repeat(40), "c".repeat(32), 10, 2.5, "x\0y", "\uD800", List.of("/x"),
            null, null, null, null, null, null, null);
    String json = RecordJson.toJson(r);
    assertTrue(json, json.contains("x\\\\x00y"));
    assertTrue(json, json.contains("\"mime\":\"\uFFFD\""));
    assertFalse(json, json.contains("\\u0000"));
  }

  @Test
  public void roundTrips() {
    SampleRecord r = sample(new StageError(Stage.PE, "bad"));
    assertEquals(r, RecordJson.fromJson(RecordJson.toJson(r), SampleRecord.class));
    Failure f = new Failure("/p", Stage.READ, "IOException", "gone");
    assertEquals(f, RecordJson.fromJson(RecordJson.toJsonBytes(f), Failure.class));
  }
}
