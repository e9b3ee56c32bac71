package dev.merc.core.record;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.merc.core.text.SafeText;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON mapping of Merc's records: snake_case names, nulls kept (the spec's "missing is
 * null"). The JSON Lines export, the Beam coders and the database's JSON columns all use it.
 */
public final class RecordJson {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(safeStrings())
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .setSerializationInclusion(JsonInclude.Include.ALWAYS)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private RecordJson() {}

  /**
   * Every string a record carries, values and map keys alike, leaves as valid UTF-8 without NUL,
   * whatever the parser that built it let through: Postgres's jsonb rejects both.
   */
  private static SimpleModule safeStrings() {
    SimpleModule module = new SimpleModule("merc-safe-strings");
    module.addSerializer(
        String.class,
        new StdSerializer<>(String.class) {
          @Override
          public void serialize(String value, JsonGenerator gen, SerializerProvider provider)
              throws IOException {
            gen.writeString(SafeText.of(value));
          }
        });
    module.addKeySerializer(
        String.class,
        new StdSerializer<>(String.class) {
          @Override
          public void serialize(String key, JsonGenerator gen, SerializerProvider provider)
              throws IOException {
            gen.writeFieldName(SafeText.of(key));
          }
        });
    return module;
  }

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static String toJson(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  public static byte[] toJsonBytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  public static <T> T fromJson(byte[] json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode " + type.getSimpleName(), e);
    }
  }

  public static <T> T fromJson(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode " + type.getSimpleName(), e);
    }
  }
}
