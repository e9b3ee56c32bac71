package dev.merc.transforms;

import dev.merc.core.record.RecordJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.ByteArrayCoder;

/**
 * Encodes Merc's records as their one JSON form, so that what crosses a shuffle is exactly what the
 * JSON Lines export writes.
 */
public final class JsonCoder<T> extends CustomCoder<T> {

  private static final ByteArrayCoder BYTES = ByteArrayCoder.of();
  private final Class<T> type;

  private JsonCoder(Class<T> type) {
    this.type = type;
  }

  public static <T> JsonCoder<T> of(Class<T> type) {
    return new JsonCoder<>(type);
  }

  @Override
  public void encode(T value, OutputStream out) throws IOException {
    BYTES.encode(RecordJson.toJsonBytes(value), out);
  }

  @Override
  public T decode(InputStream in) throws IOException {
    return RecordJson.fromJson(BYTES.decode(in), type);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof JsonCoder<?> c && c.type.equals(type);
  }

  @Override
  public int hashCode() {
    return type.hashCode();
  }
}
