package dev.merc.core.pe;

import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.util.List;
import org.junit.Test;

/**
 * The seed's single-table design lost data in three ways; issue 3 says none may come back. Each test
 * checks the parsed record and its JSON, which is what the database and the export are built from.
 */
public class SeedBugsTest {
    private static final ObjectMapper JSON =
            new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private static PeInfo parse(byte[] b) {
        return PeParser.parse(b, b.length, PeLimits.defaults());
    }

    /** Two sections named .text (table entries 0 and 2) are both listed, each with its own index. */
    @Test
    public void duplicateSectionNamesAreKept() {
        PeBuilder b = PeBuilder.pe32();
        b.u16(PeBuilder.COFF + 2, 3);
        b.section(2, ".text", 0x100, 0x3000, 0x200, 0x1400, 0x60000020L);
        PeInfo pe = parse(b.build());
        assertEquals(3, pe.sections().size());
        assertEquals(List.of(".text", ".rdata", ".text"), pe.sections().stream().map(PeInfo.Section::name).toList());
        assertEquals(List.of(0, 1, 2), pe.sections().stream().map(PeInfo.Section::index).toList());
        assertEquals(List.of(0x1000L, 0x2000L, 0x3000L),
                pe.sections().stream().map(PeInfo.Section::virtualAddress).toList());
        JsonNode sections = JSON.valueToTree(pe).get("sections");
        assertEquals(3, sections.size());
        assertEquals(".text", sections.get(2).get("name").asText());
        assertEquals(2, sections.get(2).get("index").asInt());
        assertEquals(0x3000, sections.get(2).get("virtual_address").asLong());
    }

    /** Imports by ordinal keep their DLL name and ordinal, with name null, including a DLL of ordinals only. */
    @Test
    public void ordinalImportsKeepDllNameAndOrdinal() {
        for (PeBuilder b : List.of(PeBuilder.pe32(), PeBuilder.pe32Plus())) {
            b.imports(new String[] {"WS2_32.dll", "KERNEL32.dll"}, new String[][] {{"#1", "#23"}, {"#7", "Sleep"}});
            PeInfo pe = parse(b.build());
            assertEquals(List.of(new PeInfo.Import("WS2_32.dll", null, 1, false),
                    new PeInfo.Import("WS2_32.dll", null, 23, false),
                    new PeInfo.Import("KERNEL32.dll", null, 7, false),
                    new PeInfo.Import("KERNEL32.dll", "Sleep", null, false)), pe.imports());
            JsonNode first = JSON.valueToTree(pe).get("imports").get(0);
            assertEquals("WS2_32.dll", first.get("dll").asText());
            assertEquals(1, first.get("ordinal").asInt());
            assertEquals(true, first.get("name").isNull());
        }
    }

    /** Five functions at 0x1000, 0x1010, ... with ordinals 1 to 5; only the second (B) and fourth (D) are named. */
    static byte[] exportsWithUnnamedGaps() {
        PeBuilder b = PeBuilder.pe32();
        int d = PeBuilder.off(0x2800);
        b.u32(d + 12, 0x2900).ascii(0x2900, "seed.dll");
        b.u32(d + 16, 1).u32(d + 20, 5).u32(d + 24, 2);
        b.u32(d + 28, 0x2A00).u32(d + 32, 0x2A40).u32(d + 36, 0x2A80);
        for (int i = 0; i < 5; i++) {
            b.u32(PeBuilder.off(0x2A00 + 4L * i), 0x1000 + 0x10L * i);
        }
        b.u32(PeBuilder.off(0x2A40), 0x2B00).ascii(0x2B00, "B");
        b.u32(PeBuilder.off(0x2A44), 0x2B10).ascii(0x2B10, "D");
        b.u16(PeBuilder.off(0x2A80), 1).u16(PeBuilder.off(0x2A82), 3);
        b.dir(PeParser.DIR_EXPORT, 0x2800, 0x100);
        return b.build();
    }

    /**
     * The unnamed first function does not end the list. pefile 2023.2.7 lists the same five, named
     * ones first: B, D, then ordinals 1, 3, 5.
     */
    @Test
    public void exportsAreNotCutAtTheFirstUnnamedOne() {
        assertEquals(List.of(new PeInfo.ExportFunction(2, "B", 0x1010, null),
                new PeInfo.ExportFunction(4, "D", 0x1030, null),
                new PeInfo.ExportFunction(1, null, 0x1000, null),
                new PeInfo.ExportFunction(3, null, 0x1020, null),
                new PeInfo.ExportFunction(5, null, 0x1040, null)), parse(exportsWithUnnamedGaps()).exports().functions());
    }
}
