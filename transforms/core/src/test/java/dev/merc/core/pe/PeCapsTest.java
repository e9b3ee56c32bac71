package dev.merc.core.pe;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.Test;

/**
 * Every cap that cuts a read records its anomaly code. Each case is built twice: once past the cap
 * (the code is there and the value is cut at the cap) and once just inside it (no code, value whole).
 */
public class PeCapsTest {
    private static PeInfo parse(byte[] b) {
        return PeParser.parse(b, b.length, PeLimits.defaults());
    }

    private static void assertCut(PeInfo pe, Anomaly code, boolean expected) {
        assertEquals(code + " in " + pe.anomalies(), expected, pe.anomalies().contains(code));
    }

    @Test
    public void importFunctionNameAtTheCap() {
        for (int length : new int[] {0x1FF, 0x210}) {
            PeBuilder b = PeBuilder.pe32();
            b.imports(new String[] {"k.dll"}, new String[][] {{"f".repeat(length)}});
            PeInfo pe = parse(b.build());
            assertCut(pe, Anomaly.IMPORT_NAME_CAPPED, length > 0x200);
            assertEquals(Math.min(length, 0x200), pe.imports().get(0).name().length());
        }
    }

    @Test
    public void importDllNameAtTheCap() {
        for (int length : new int[] {0x1FF, 0x210}) {
            PeBuilder b = PeBuilder.pe32();
            b.imports(new String[] {"d".repeat(length - 4) + ".dll"}, new String[][] {{"F"}});
            PeInfo pe = parse(b.build());
            assertCut(pe, Anomaly.IMPORT_NAME_CAPPED, length > 0x200);
            assertEquals(Math.min(length, 0x200), pe.imports().get(0).dll().length());
        }
    }

    /** A named export and a forwarded one in an export directory that spans a grown .rdata. */
    @Test
    public void exportNameAndForwarderAtTheCap() {
        for (int[] lengths : new int[][] {{0x1FF, 0xFFF}, {0x210, 0x1100}}) {
            boolean over = lengths[0] > 0x200;
            PeBuilder b = PeBuilder.pe32().growRdata(0x2000);
            int d = PeBuilder.off(0x2800);
            b.u32(d + 12, 0x2900).ascii(0x2900, "e.dll");
            b.u32(d + 16, 1).u32(d + 20, 2).u32(d + 24, 1);
            b.u32(d + 28, 0x2A00).u32(d + 32, 0x2A40).u32(d + 36, 0x2A80);
            b.u32(PeBuilder.off(0x2A00), 0x1000).u32(PeBuilder.off(0x2A04), 0x3000);
            b.u32(PeBuilder.off(0x2A40), 0x2B00).ascii(0x2B00, "n".repeat(lengths[0]));
            b.ascii(0x3000, "F".repeat(lengths[1]));
            b.dir(PeParser.DIR_EXPORT, 0x2800, 0x2000);
            PeInfo pe = parse(b.build());
            assertCut(pe, Anomaly.EXPORT_NAME_CAPPED, over);
            assertCut(pe, Anomaly.EXPORT_FORWARDER_CAPPED, over);
            assertEquals(Math.min(lengths[0], 0x200), pe.exports().functions().get(0).name().length());
            assertEquals(Math.min(lengths[1], 0x1000), pe.exports().functions().get(1).forwarder().length());
        }
    }

    /** A root directory with one named leaf whose name is longer or shorter than 0x200 UTF-16 units. */
    @Test
    public void resourceNameAtTheCap() {
        for (int units : new int[] {0x200, 0x300}) {
            PeBuilder b = PeBuilder.pe32();
            b.u16(PeBuilder.off(0x2000) + 12, 1);                       // one named entry
            PeParserTest.entry(b, 0x2010, 0x80000000L | 0x100, 0x20);
            b.u32(PeBuilder.off(0x2020), 0x2040).u32(PeBuilder.off(0x2024), 4);
            b.u16(PeBuilder.off(0x2100), units);
            byte[] name = "R".repeat(units).getBytes(StandardCharsets.UTF_16LE);
            System.arraycopy(name, 0, b.b, PeBuilder.off(0x2102), name.length);
            b.dir(PeParser.DIR_RESOURCE, 0x2000, 0x100);
            PeInfo pe = parse(b.build());
            assertCut(pe, Anomaly.RESOURCE_NAME_CAPPED, units > 0x200);
            assertEquals(0x200, ((String) pe.resources().get(0).type()).length());
        }
    }

    /** An RT_VERSION leaf with three strings, read with a cap of two and of three strings per table. */
    @Test
    public void versionInfoStringsAtTheCap() {
        PeBuilder b = PeBuilder.pe32();
        PeParserTest.dirHeader(b, 0x2000, 1);
        PeParserTest.entry(b, 0x2010, 16, 0x80000000L | 0x18);
        PeParserTest.dirHeader(b, 0x2018, 1);
        PeParserTest.entry(b, 0x2028, 1, 0x80000000L | 0x30);
        PeParserTest.dirHeader(b, 0x2030, 1);
        PeParserTest.entry(b, 0x2040, 0x0409, 0x48);
        byte[] vi = PeParserTest.versionInfo("A", "1", "B", "2", "C", "3");
        b.u32(PeBuilder.off(0x2048), 0x2100).u32(PeBuilder.off(0x204C), vi.length);
        System.arraycopy(vi, 0, b.b, PeBuilder.off(0x2100), vi.length);
        b.dir(PeParser.DIR_RESOURCE, 0x2000, 0x200);
        byte[] f = b.build();

        PeInfo two = PeParser.parse(f, f.length, TestLimits.with("maxVersionInfoEntries", 2));
        assertCut(two, Anomaly.VERSION_INFO_CAPPED, true);
        assertEquals(java.util.Map.of("A", "1", "B", "2"), two.versionInfo());
        PeInfo three = PeParser.parse(f, f.length, TestLimits.with("maxVersionInfoEntries", 3));
        assertCut(three, Anomaly.VERSION_INFO_CAPPED, false);
        assertEquals(3, three.versionInfo().size());
    }

    /** An RSDS record in the overlay whose path has no NUL within 4 KiB, and one that ends just inside. */
    @Test
    public void pdbPathAtTheCap() {
        for (int length : new int[] {0xFFF, 0x1100}) {
            PeBuilder b = PeBuilder.pe32();
            int record = b.b.length;
            ByteArrayOutputStream rsds = new ByteArrayOutputStream();
            rsds.writeBytes("RSDS".getBytes(StandardCharsets.US_ASCII));
            rsds.writeBytes(new byte[20]);                            // GUID and age
            rsds.writeBytes("p".repeat(length).getBytes(StandardCharsets.US_ASCII));
            rsds.write(0);
            b.append(rsds.toByteArray());
            int dbg = PeBuilder.off(0x2300);
            b.u32(dbg + 12, 2).u32(dbg + 16, rsds.size()).u32(dbg + 24, record);
            b.dir(PeParser.DIR_DEBUG, 0x2300, 28);
            PeInfo pe = parse(b.build());
            assertCut(pe, Anomaly.PDB_PATH_CAPPED, length > 0x1000);
            assertEquals(Math.min(length, 0x1000), pe.debug().get(0).pdbPath().length());
        }
    }

    @Test
    public void wellFormedFilesRecordNoCapCodes() {
        PeBuilder b = PeBuilder.pe32();
        b.imports(new String[] {"KERNEL32.dll"}, new String[][] {{"GetProcAddress", "#7"}});
        PeInfo pe = parse(b.build());
        assertFalse(pe.anomalies().toString(), pe.anomalies().stream().anyMatch(a -> a.name().endsWith("_CAPPED")));
        assertTrue(pe.anomalies().isEmpty());
    }
}
