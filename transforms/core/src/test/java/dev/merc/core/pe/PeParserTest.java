package dev.merc.core.pe;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.junit.Test;

/** Well-formed files built by PeBuilder: each structure is read back with the values written. */
public class PeParserTest {
    private static PeInfo parse(byte[] b) {
        return PeParser.parse(b, b.length, PeLimits.defaults());
    }

    @Test
    public void headersAndSectionsOfPe32() {
        PeInfo pe = parse(PeBuilder.pe32().build());
        assertNotNull(pe);
        assertEquals(Integer.valueOf(0x14c), pe.machine());
        assertFalse(pe.is64());
        assertFalse(pe.isDll());
        assertEquals(0x400000L, pe.optional().imageBase());
        assertEquals(Long.valueOf(0), pe.optional().baseOfData());
        assertEquals(".text", pe.entrySection());
        assertEquals(2, pe.sections().size());
        assertEquals(".rdata", pe.sections().get(1).name());
        assertEquals(0x600L, pe.sections().get(1).rawPointer());
        assertTrue(pe.anomalies().isEmpty());
    }

    @Test
    public void pe32PlusHasNoBaseOfDataAndJsonNamesFollowSpec() throws Exception {
        PeInfo pe = parse(PeBuilder.pe32Plus().build());
        assertTrue(pe.is64());
        assertNull(pe.optional().baseOfData());
        assertEquals(0x140000000L, pe.optional().imageBase());
        JsonNode j = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .valueToTree(pe);
        assertTrue(j.has("is_64"));
        assertTrue(j.has("is_dll"));
        assertTrue(j.get("optional").has("size_of_stack_reserve"));
        assertTrue(j.get("sections").get(0).has("raw_pointer"));
        assertEquals(".text", j.get("entry_section").asText());
    }

    @Test
    public void unsignedImageBaseSerialisesUnsigned() throws Exception {
        PeBuilder b = PeBuilder.pe32Plus();
        b.u64(PeBuilder.OPT + 24, 0xFFFF800000000000L);
        String json = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .writeValueAsString(parse(b.build()));
        assertTrue(json, json.contains("\"image_base\":18446603336221196288"));
    }

    /** The checksum is checked against the textbook 16-bit one's-complement fold, written independently here. */
    @Test
    public void computedChecksumMatchesWordFold() {
        byte[] f = PeBuilder.pe32().append(new byte[] {1, 2, 3}).build();
        int field = PeBuilder.OPT + 0x40;
        long sum = 0;
        for (int i = 0; i < f.length; i += 2) {
            if (i == field || i == field + 2) {
                continue;
            }
            int w = (f[i] & 0xFF) | (i + 1 < f.length ? (f[i + 1] & 0xFF) << 8 : 0);
            sum += w;
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        assertEquals(Long.valueOf(sum + f.length), parse(f).computedChecksum());
    }

    @Test
    public void importsByNameAndOrdinalAndImphash() throws Exception {
        for (PeBuilder b : List.of(PeBuilder.pe32(), PeBuilder.pe32Plus())) {
            b.imports(new String[] {"KERNEL32.dll", "WS2_32.dll"},
                    new String[][] {{"GetProcAddress", "#7"}, {"#1", "#500"}});
            PeInfo pe = parse(b.build());
            List<PeInfo.Import> im = pe.imports();
            assertEquals(4, im.size());
            assertEquals(new PeInfo.Import("KERNEL32.dll", "GetProcAddress", null, false), im.get(0));
            assertEquals(new PeInfo.Import("KERNEL32.dll", null, 7, false), im.get(1));
            assertEquals(new PeInfo.Import("WS2_32.dll", null, 1, false), im.get(2));
            // pefile's rule: lower-case, extension dropped, ws2_32 ordinals named from its table (1 = accept, 500 = WEP).
            String expected = "kernel32.getprocaddress,kernel32.ord7,ws2_32.accept,ws2_32.wep";
            byte[] md5 = MessageDigest.getInstance("MD5").digest(expected.getBytes(StandardCharsets.US_ASCII));
            assertEquals(Text.hex(md5), pe.imphash());
        }
    }

    @Test
    public void noImportDirectoryGivesEmptyImphash() {
        assertEquals("", parse(PeBuilder.pe32().build()).imphash());
    }

    @Test
    public void exportsNamedUnnamedAndForwarded() {
        PeBuilder b = PeBuilder.pe32();
        long dir = 0x2800;
        int d = PeBuilder.off(dir);
        b.u32(d + 12, 0x2900).ascii(0x2900, "test.dll");
        b.u32(d + 16, 10);                    // Base
        b.u32(d + 20, 3);                     // NumberOfFunctions
        b.u32(d + 24, 2);                     // NumberOfNames
        b.u32(d + 28, 0x2A00).u32(d + 32, 0x2A40).u32(d + 36, 0x2A80);
        b.u32(PeBuilder.off(0x2A00), 0x1000);                 // ordinal 10
        b.u32(PeBuilder.off(0x2A04), 0x1010);                 // ordinal 11, unnamed
        b.u32(PeBuilder.off(0x2A08), 0x2950);                 // ordinal 12, forwarder
        b.ascii(0x2950, "NTDLL.RtlAllocateHeap");
        b.u32(PeBuilder.off(0x2A40), 0x2B00).ascii(0x2B00, "First");
        b.u32(PeBuilder.off(0x2A44), 0x2B10).ascii(0x2B10, "Heap");
        b.u16(PeBuilder.off(0x2A80), 0).u16(PeBuilder.off(0x2A82), 2);
        b.dir(PeParser.DIR_EXPORT, dir, 0x200);
        PeInfo.Exports e = parse(b.build()).exports();
        assertEquals("test.dll", e.dllName());
        assertEquals(List.of(new PeInfo.ExportFunction(10, "First", 0x1000, null),
                new PeInfo.ExportFunction(12, "Heap", 0x2950, "NTDLL.RtlAllocateHeap"),
                new PeInfo.ExportFunction(11, null, 0x1010, null)), e.functions());
    }

    /** A type/name/language tree with one RT_VERSION leaf holding a StringFileInfo table. */
    @Test
    public void resourcesAndVersionInfo() {
        PeBuilder b = PeBuilder.pe32();
        long root = 0x2000;
        dirHeader(b, root, 1);
        entry(b, root + 16, 16, 0x80000000L | 0x18);
        dirHeader(b, root + 0x18, 1);
        entry(b, root + 0x18 + 16, 1, 0x80000000L | 0x30);
        dirHeader(b, root + 0x30, 1);
        entry(b, root + 0x30 + 16, 0x0409, 0x48);
        byte[] vi = versionInfo("CompanyName", "Merc Test");
        b.u32(PeBuilder.off(root + 0x48), 0x2100).u32(PeBuilder.off(root + 0x4C), vi.length);
        System.arraycopy(vi, 0, b.b, PeBuilder.off(0x2100), vi.length);
        b.dir(PeParser.DIR_RESOURCE, root, 0x200);
        PeInfo pe = parse(b.build());
        assertEquals(1, pe.resources().size());
        PeInfo.Resource r = pe.resources().get(0);
        assertEquals("RT_VERSION", r.type());
        assertEquals(1, r.name());
        assertEquals(Integer.valueOf(9), r.language());
        assertEquals(Integer.valueOf(1), r.sublanguage());
        assertEquals(Long.valueOf(PeBuilder.off(0x2100)), r.offset());
        assertEquals("Merc Test", pe.versionInfo().get("CompanyName"));
    }

    static void dirHeader(PeBuilder b, long rva, int ids) {
        b.u16(PeBuilder.off(rva) + 14, ids);
    }

    static void entry(PeBuilder b, long rva, long name, long offsetToData) {
        b.u32(PeBuilder.off(rva), name).u32(PeBuilder.off(rva) + 4, offsetToData);
    }

    /** VS_VERSIONINFO > StringFileInfo > StringTable "040904b0" > one String per key/value pair. */
    static byte[] versionInfo(String... keyValues) {
        java.io.ByteArrayOutputStream strings = new java.io.ByteArrayOutputStream();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            String value = keyValues[i + 1];
            strings.writeBytes(block(keyValues[i], utf16z(value), 1, value.length() + 1, new byte[0]));
        }
        byte[] table = block("040904b0", new byte[0], 1, 0, strings.toByteArray());
        byte[] sfi = block("StringFileInfo", new byte[0], 1, 0, table);
        byte[] fixed = new byte[52];
        return block("VS_VERSION_INFO", fixed, 0, fixed.length, sfi);
    }

    private static byte[] block(String key, byte[] value, int type, int valueLength, byte[] children) {
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        o.write(0);
        o.write(0);
        o.write(valueLength);
        o.write(valueLength >> 8);
        o.write(type);
        o.write(0);
        o.writeBytes(utf16z(key));
        while (o.size() % 4 != 0) {
            o.write(0);
        }
        o.writeBytes(value);
        while (o.size() % 4 != 0) {
            o.write(0);
        }
        o.writeBytes(children);
        byte[] r = o.toByteArray();
        r[0] = (byte) r.length;
        r[1] = (byte) (r.length >> 8);
        return r;
    }

    private static byte[] utf16z(String s) {
        byte[] u = (s + "\0").getBytes(StandardCharsets.UTF_16LE);
        return u;
    }

    @Test
    public void debugCodeViewRsds() {
        PeBuilder b = PeBuilder.pe32();
        int dbg = PeBuilder.off(0x2300);
        b.u32(dbg + 4, 0x12345678L).u32(dbg + 12, 2).u32(dbg + 16, 24 + 8).u32(dbg + 24, PeBuilder.off(0x2400));
        int cv = PeBuilder.off(0x2400);
        b.ascii(0x2400, "RSDS");
        b.u32(cv + 4, 0x11223344L).u16(cv + 8, 0x5566).u16(cv + 10, 0x7788);
        for (int i = 0; i < 8; i++) {
            b.b[cv + 12 + i] = (byte) (0x90 + i);
        }
        b.u32(cv + 20, 3).ascii(0x2400 + 24, "a\\b.pdb");
        b.dir(PeParser.DIR_DEBUG, 0x2300, 28);
        PeInfo.Debug d = parse(b.build()).debug().get(0);
        assertEquals(new PeInfo.Debug(2, 0x12345678L, "a\\b.pdb", "11223344-5566-7788-9091-929394959697", 3L), d);
    }

    @Test
    public void tlsCallbacksAreVirtualAddresses() {
        PeBuilder b = PeBuilder.pe32Plus();
        int tls = PeBuilder.off(0x2300);
        b.u64(tls + 24, b.imageBase() + 0x2380);
        b.u64(PeBuilder.off(0x2380), b.imageBase() + 0x1000).u64(PeBuilder.off(0x2388), b.imageBase() + 0x1008);
        b.dir(PeParser.DIR_TLS, 0x2300, 40);
        assertEquals(List.of(b.imageBase() + 0x1000, b.imageBase() + 0x1008), parse(b.build()).tls().callbacks());
    }

    /** DanS/Rich block at 0x80; the expected hash is md5 of the key-decoded bytes, computed here. */
    @Test
    public void richHeader() throws Exception {
        PeBuilder b = PeBuilder.pe32();
        // Move the PE header to 0x100 so the Rich block fits between 0x80 and it.
        byte[] f = new byte[b.b.length + 0x80];
        System.arraycopy(b.b, 0, f, 0, 0x40);
        System.arraycopy(b.b, 0x80, f, 0x100, b.b.length - 0x80);
        f[0x3C] = 0x00;
        f[0x3D] = 0x01;
        long key = 0x1234ABCDL;
        long[] clear = {0x536E6144L, 0, 0, 0, (0x00FFL << 16) | 0x7809, 5, (0x0104L << 16) | 0x6030, 2};
        for (int i = 0; i < clear.length; i++) {
            putU32(f, 0x80 + 4 * i, clear[i] ^ key);
        }
        putU32(f, 0x80 + 32, 0x68636952L);
        putU32(f, 0x80 + 36, key);
        // Section raw pointers moved by 0x80 too.
        PeInfo pe = PeParser.parse(f, f.length, PeLimits.defaults());
        assertNotNull(pe.rich());
        assertEquals(key, pe.rich().checksum());
        assertEquals(List.of(new PeInfo.RichEntry(0xFF, 0x7809, 5), new PeInfo.RichEntry(0x104, 0x6030, 2)),
                pe.rich().entries());
        byte[] clearBytes = new byte[32];
        for (int i = 0; i < clear.length; i++) {
            putU32(clearBytes, 4 * i, clear[i]);
        }
        assertEquals(Text.hex(MessageDigest.getInstance("MD5").digest(clearBytes)), pe.rich().hashMd5());
    }

    static void putU32(byte[] f, int at, long v) {
        for (int i = 0; i < 4; i++) {
            f[at + i] = (byte) (v >> (8 * i));
        }
    }

    @Test
    public void overlayAfterLastSection() {
        PeInfo pe = parse(PeBuilder.pe32().append(new byte[100]).build());
        assertEquals(new PeInfo.Overlay(PeBuilder.RDATA_RAW + PeBuilder.RDATA_SIZE, 100, 0.0), pe.overlay());
        assertNull(parse(PeBuilder.pe32().build()).overlay());
    }

    @Test
    public void dotnetRuntimeVersion() {
        PeBuilder b = PeBuilder.pe32();
        b.u32(PeBuilder.off(0x2300) + 8, 0x2400);
        b.ascii(0x2400, "BSJB").u32(PeBuilder.off(0x2400) + 12, 12).ascii(0x2410, "v4.0.30319");
        b.dir(PeParser.DIR_CLR, 0x2300, 72);
        assertEquals("v4.0.30319", parse(b.build()).dotnet().runtimeVersion());
    }
}
