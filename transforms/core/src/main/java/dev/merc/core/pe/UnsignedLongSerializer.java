package dev.merc.core.pe;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;

/** Writes a long holding an unsigned 64-bit field (PE32+ ImageBase, VAs) as its unsigned value. */
public final class UnsignedLongSerializer extends JsonSerializer<Long> {
    @Override
    public void serialize(Long value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
        gen.writeNumber(Long.toUnsignedString(value));
    }
}
