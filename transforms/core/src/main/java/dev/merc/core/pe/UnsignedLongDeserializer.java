package dev.merc.core.pe;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;

/** Reads back what {@link UnsignedLongSerializer} wrote: values up to 2^64 - 1 into a long. */
public final class UnsignedLongDeserializer extends JsonDeserializer<Long> {
    @Override
    public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        return Long.parseUnsignedLong(p.getText());
    }
}
