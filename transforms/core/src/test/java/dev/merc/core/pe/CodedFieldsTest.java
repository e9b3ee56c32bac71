package dev.merc.core.pe;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import org.junit.Test;

/** Coded fields: enums with pefile's names in code, the numbers in the JSON record. */
public class CodedFieldsTest {
    private static final ObjectMapper JSON =
            new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private static PeInfo parse(byte[] b) {
        return PeParser.parse(b, b.length, PeLimits.defaults());
    }

    @Test
    public void lookupsUsePefileNamesAndFallBackToUnknown() {
        assertEquals(Machine.AMD64, Machine.of(0x8664));
        assertEquals("IMAGE_FILE_MACHINE_AMD64", Machine.AMD64.pefileName());
        assertEquals(Machine.UNKNOWN, Machine.of(0x1234));
        assertEquals(Subsystem.WINDOWS_CUI, Subsystem.of(3));
        assertEquals("IMAGE_SUBSYSTEM_EFI_APPLICATION", Subsystem.of(10).pefileName());
        assertEquals(DebugType.CODEVIEW, DebugType.of(2));
        assertEquals(DebugType.UNKNOWN, DebugType.of(0xFFFFFFFFL));
        assertEquals(ResourceType.VERSION, ResourceType.of(16));
        assertEquals(ResourceType.UNKNOWN, ResourceType.of(13));
        assertEquals(OptionalMagic.PE32_PLUS, OptionalMagic.of(0x20b));
        assertEquals(OptionalMagic.UNKNOWN, OptionalMagic.of(0x107));
        assertNull(OptionalMagic.UNKNOWN.pefileName());
        assertEquals(CertificateType.PKCS_SIGNED_DATA, CertificateType.of(2));
    }

    @Test
    public void recordGivesEnumsAndJsonKeepsNumbers() {
        PeBuilder b = PeBuilder.pe32Plus();
        int dbg = PeBuilder.off(0x2300);
        b.u32(dbg + 12, 13);                                   // POGO
        b.dir(PeParser.DIR_DEBUG, 0x2300, 28);
        PeInfo pe = parse(b.build());
        assertEquals(Machine.AMD64, pe.machineType());
        assertEquals(OptionalMagic.PE32_PLUS, pe.optional().magicType());
        assertEquals(Subsystem.WINDOWS_CUI, pe.optional().subsystemType());
        assertEquals(DebugType.POGO, pe.debug().get(0).debugType());

        JsonNode j = JSON.valueToTree(pe);
        assertEquals(0x8664, j.get("machine").asInt());
        assertEquals(3, j.get("optional").get("subsystem").asInt());
        assertEquals(0x20b, j.get("optional").get("magic").asInt());
        assertEquals(13, j.get("debug").get(0).get("type").asInt());
        assertFalse(j.has("machine_type"));
        assertFalse(j.get("optional").has("subsystem_type"));
        assertFalse(j.get("optional").has("magic_type"));
        assertFalse(j.get("debug").get(0).has("debug_type"));
    }

    /** pefile reports the debug Type unsigned; a value with the top bit set must not turn negative. */
    @Test
    public void debugTypeIsUnsigned() {
        PeBuilder b = PeBuilder.pe32();
        b.u32(PeBuilder.off(0x2300) + 12, 0x80000002L);
        b.dir(PeParser.DIR_DEBUG, 0x2300, 28);
        PeInfo.Debug d = parse(b.build()).debug().get(0);
        assertEquals(0x80000002L, d.type());
        assertEquals(DebugType.UNKNOWN, d.debugType());
        assertEquals(2147483650L, JSON.valueToTree(d).get("type").asLong());
    }
}
