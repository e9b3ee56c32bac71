package dev.merc.core.pe;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.Test;

/** Crafted malformed files: parse must return, and the anomaly list must name what was wrong. */
public class PeHostileTest {
    private static PeInfo parse(byte[] b) {
        return PeParser.parse(b, b.length, PeLimits.defaults());
    }

    private static void assertHas(PeInfo pe, Anomaly... codes) {
        for (Anomaly a : codes) {
            assertTrue(a + " missing from " + pe.anomalies(), pe.anomalies().contains(a));
        }
    }

    @Test
    public void notPeAtAll() {
        assertNull(parse(new byte[0]));
        assertEquals(Anomaly.NOT_MZ, PeParser.whyNotPe(new byte[0], 0));
        byte[] mz = {'M', 'Z'};
        assertNull(parse(mz));
        assertEquals(Anomaly.DOS_HEADER_TRUNCATED, PeParser.whyNotPe(mz, 2));
        byte[] elf = {0x7F, 'E', 'L', 'F', 2, 1, 1, 0};
        assertNull(parse(elf));
        assertEquals(Anomaly.NOT_MZ, PeParser.whyNotPe(elf, elf.length));
        byte[] dosOnly = Arrays.copyOf(PeBuilder.pe32().build(), 0x100);
        dosOnly[0x80] = 'X';
        assertNull(parse(dosOnly));
        assertEquals(Anomaly.PE_SIGNATURE_MISSING, PeParser.whyNotPe(dosOnly, dosOnly.length));
    }

    @Test
    public void lengthBelowArrayLengthIsRespected() {
        byte[] f = PeBuilder.pe32().build();
        assertNull(PeParser.parse(f, 0x40, PeLimits.defaults()));
    }

    @Test
    public void eLfanewPastEof() {
        PeBuilder b = PeBuilder.pe32();
        b.u32(0x3C, 0xFFFFFFF0L);
        byte[] f = b.build();
        assertNull(parse(f));
        assertEquals(Anomaly.E_LFANEW_PAST_EOF, PeParser.whyNotPe(f, f.length));
    }

    @Test
    public void numberOfSectionsFfff() {
        PeBuilder b = PeBuilder.pe32();
        b.u16(PeBuilder.COFF + 2, 0xFFFF);
        PeInfo pe = parse(b.build());
        assertHas(pe, Anomaly.SECTION_TABLE_TRUNCATED);
        assertEquals(Integer.valueOf(0xFFFF), pe.numberOfSections());
        assertTrue(pe.sections().size() < 0x800);
    }

    @Test
    public void sectionCapApplies() {
        PeBuilder b = PeBuilder.pe32();
        b.u16(PeBuilder.COFF + 2, 40);
        PeLimits small = TestLimits.with("maxSections", 4);
        byte[] f = b.build();
        PeInfo pe = PeParser.parse(f, f.length, small);
        assertHas(pe, Anomaly.SECTIONS_CAPPED);
        assertEquals(4, pe.sections().size());
    }

    /** 400 section headers that all cover the whole file: digests stop at the budget instead of re-reading it 400 times. */
    @Test
    public void repeatedSectionDataHitsHashBudget() {
        PeBuilder b = PeBuilder.pe32();
        b.append(new byte[400 * 40]);
        b.u16(PeBuilder.COFF + 2, 400);
        for (int i = 0; i < 400; i++) {
            b.section(i, "s" + i, 0x1000, 0x1000L * (i + 1), b.b.length, 0, 0x40000040L);
        }
        byte[] f = b.build();
        PeLimits small = TestLimits.with("minHashBudgetBytes", 1 << 20);
        PeInfo pe = PeParser.parse(f, f.length, small);
        assertHas(pe, Anomaly.HASH_BUDGET_EXHAUSTED);
        assertEquals(400, pe.sections().size());
        assertNotNull(pe.sections().get(0).md5());
        assertNull(pe.sections().get(399).md5());
    }

    @Test
    public void sizeOfOptionalHeaderFfff() {
        PeBuilder b = PeBuilder.pe32();
        b.u16(PeBuilder.COFF + 16, 0xFFFF);
        PeInfo pe = parse(b.build());
        assertHas(pe, Anomaly.SIZE_OF_OPTIONAL_HEADER_ODD, Anomaly.SECTION_TABLE_TRUNCATED);
        assertNotNull(pe.optional());
        assertTrue(pe.sections().isEmpty());
    }

    @Test
    public void numberOfRvaAndSizesFfffffff() {
        PeBuilder b = PeBuilder.pe32();
        b.u32(PeBuilder.OPT + 92, 0xFFFFFFFFL);
        b.dir(15, 0x2000, 8);
        PeInfo pe = parse(b.build());
        assertHas(pe, Anomaly.RVA_AND_SIZES_SUSPICIOUS);
        assertEquals(0xFFFFFFFFL, pe.optional().numberOfRvaAndSizes());
        assertEquals(1, pe.dataDirectories().size());
    }

    @Test
    public void sizesOfFfffffff() {
        PeBuilder b = PeBuilder.pe32();
        int sec = b.sectionTable() + 40;
        b.u32(sec + 8, 0xFFFFFFFFL).u32(sec + 16, 0xFFFFFFFFL);
        b.dir(PeParser.DIR_IMPORT, 0x2000, 0xFFFFFFFFL);
        b.dir(PeParser.DIR_DEBUG, 0x2000, 0xFFFFFFFFL);
        b.dir(PeParser.DIR_RESOURCE, 0x2000, 0xFFFFFFFFL);
        b.dir(PeParser.DIR_SECURITY, 0x200, 0xFFFFFFFFL);
        PeInfo pe = parse(b.build());
        assertHas(pe, Anomaly.SECTION_RAW_PAST_EOF, Anomaly.SECTION_VIRTUAL_SIZE_HUGE, Anomaly.DEBUG_CAPPED,
                Anomaly.SIGNATURE_PAST_EOF);
        assertEquals(0xFFFFFFFFL, pe.sections().get(1).rawSize());
    }

    @Test
    public void resourceDirectoryPointingAtItself() {
        PeBuilder b = PeBuilder.pe32();
        PeParserTest.dirHeader(b, 0x2000, 1);
        PeParserTest.entry(b, 0x2010, 3, 0x80000000L);
        b.dir(PeParser.DIR_RESOURCE, 0x2000, 0x100);
        PeInfo pe = parse(b.build());
        assertHas(pe, Anomaly.RESOURCE_LOOP);
        assertTrue(pe.resources().isEmpty());
    }

    /** Two directories pointing at each other, and a DAG: caps end both quickly. */
    @Test
    public void resourceCycleThroughTwoDirectoriesAndWideSharing() {
        PeBuilder b = PeBuilder.pe32();
        PeParserTest.dirHeader(b, 0x2000, 1);
        PeParserTest.entry(b, 0x2010, 3, 0x80000000L | 0x20);
        PeParserTest.dirHeader(b, 0x2020, 1);
        PeParserTest.entry(b, 0x2030, 3, 0x80000000L);
        b.dir(PeParser.DIR_RESOURCE, 0x2000, 0x100);
        assertHas(parse(b.build()), Anomaly.RESOURCE_LOOP);

        // Each level has 64 entries all pointing to the next level: 64^depth paths without the caps.
        PeBuilder w = PeBuilder.pe32();
        for (int level = 0; level < 4; level++) {
            long at = 0x2000 + level * 0x300L;
            w.u16(PeBuilder.off(at) + 14, 64);
            for (int i = 0; i < 64; i++) {
                PeParserTest.entry(w, at + 16 + 8L * i, i + 1, 0x80000000L | ((level + 1) * 0x300L));
            }
        }
        w.dir(PeParser.DIR_RESOURCE, 0x2000, 0x100);
        PeInfo pe = parse(w.build());
        assertHas(pe, Anomaly.RESOURCES_CAPPED);
    }

    @Test
    public void importAndExportDirectoriesPastEof() {
        PeBuilder b = PeBuilder.pe32();
        b.dir(PeParser.DIR_IMPORT, 0x7FFFFFF0L, 100);
        b.dir(PeParser.DIR_EXPORT, 0x7FFFFFF0L, 100);
        b.dir(PeParser.DIR_DELAY_IMPORT, 0x7FFFFFF0L, 100);
        PeInfo pe = parse(b.build());
        assertHas(pe, Anomaly.IMPORTS_UNREADABLE, Anomaly.EXPORTS_UNREADABLE, Anomaly.DELAY_IMPORTS_UNREADABLE);
        assertTrue(pe.imports().isEmpty());
        assertNull(pe.exports());
        assertEquals("", pe.imphash());
    }

    @Test
    public void importAndExportDirectoriesInGarbage() {
        PeBuilder b = PeBuilder.pe32();
        Arrays.fill(b.b, PeBuilder.RDATA_RAW, b.b.length, (byte) 0xFF);
        b.dir(PeParser.DIR_IMPORT, 0x2000, 100);
        b.dir(PeParser.DIR_EXPORT, 0x2100, 100);
        PeInfo pe = parse(b.build());
        assertHas(pe, Anomaly.IMPORTS_TRUNCATED, Anomaly.EXPORTS_UNREADABLE);
        assertTrue(pe.imports().isEmpty());

        java.util.Random rnd = new java.util.Random(7);
        for (int i = 0; i < 200; i++) {
            PeBuilder g = PeBuilder.pe32Plus();
            byte[] junk = new byte[PeBuilder.RDATA_SIZE];
            rnd.nextBytes(junk);
            System.arraycopy(junk, 0, g.b, PeBuilder.RDATA_RAW, junk.length);
            g.dir(PeParser.DIR_IMPORT, 0x2000 + rnd.nextInt(0x800), 100);
            g.dir(PeParser.DIR_EXPORT, 0x2000 + rnd.nextInt(0x800), 100);
            g.dir(PeParser.DIR_RESOURCE, 0x2000 + rnd.nextInt(0x800), 100);
            PeInfo r = parse(g.build());
            assertNotNull(r);
            for (PeInfo.Import im : r.imports()) {
                assertTrue(im.name() == null || im.name().matches("[A-Za-z0-9._?@$()<>]*"));
            }
        }
    }

    /**
     * AddressOfFunctions 10 bytes before the end of .rdata (and of the file): the slice is 4k+2 bytes, so
     * the named export whose ordinal points at the third slot finds only two of its four bytes. pefile
     * skips that name and lists the rest; before the fix the null slot was unboxed and the parse threw.
     */
    @Test
    public void exportFunctionSlotCutShortAtEndOfFile() {
        PeBuilder b = PeBuilder.pe32();
        long dir = 0x2800;
        long functions = 0x2FF6;
        int d = PeBuilder.off(dir);
        b.u32(d + 12, 0x2900).ascii(0x2900, "clip.dll");
        b.u32(d + 16, 1);                     // Base
        b.u32(d + 20, 3);                     // NumberOfFunctions: 12 bytes, only 10 left in the file
        b.u32(d + 24, 2);                     // NumberOfNames
        b.u32(d + 28, functions).u32(d + 32, 0x2A40).u32(d + 36, 0x2A80);
        b.u32(PeBuilder.off(functions), 0x1000).u32(PeBuilder.off(functions + 4), 0x1010);
        b.u16(PeBuilder.off(functions + 8), 0x1020);   // the first half of slot 2; EOF follows
        b.u32(PeBuilder.off(0x2A40), 0x2B00).ascii(0x2B00, "A");
        b.u32(PeBuilder.off(0x2A44), 0x2B10).ascii(0x2B10, "C");
        b.u16(PeBuilder.off(0x2A80), 0).u16(PeBuilder.off(0x2A82), 2);
        b.dir(PeParser.DIR_EXPORT, dir, 0x100);
        byte[] f = b.build();
        assertEquals(PeBuilder.RDATA_RAW + PeBuilder.RDATA_SIZE, f.length);
        PeInfo pe = parse(f);
        assertNotNull(pe);
        // pefile 2023.2.7 on these bytes: [(1, b'A', 0x1000), (2, None, 0x1010)].
        assertEquals(List.of(new PeInfo.ExportFunction(1, "A", 0x1000, null),
                new PeInfo.ExportFunction(2, null, 0x1010, null)), pe.exports().functions());
    }

    @Test
    public void overlappingSectionsFollowPefileOrder() {
        PeBuilder b = PeBuilder.pe32();
        b.u16(PeBuilder.COFF + 2, 3);
        b.section(0, "late", 0x200, 0x1000, 0x200, 0x400, 0x60000020L);
        b.section(1, ".rdata", 0x1000, 0x2000, 0x1000, 0x600, 0x40000040L);
        b.section(2, "early", 0x200, 0x1000, 0x200, 0x600, 0x60000020L);
        PeInfo pe = parse(b.build());
        assertHas(pe, Anomaly.SECTIONS_OVERLAP);
        // pefile sorts by VirtualAddress (stable) and takes the first match: table index 0.
        assertEquals("late", pe.entrySection());
        assertEquals(3, pe.sections().size());
    }

    @Test
    public void rawPointerBelowFileAlignmentIsRoundedDown() {
        PeBuilder b = PeBuilder.pe32();
        b.section(0, ".text", 0x200, 0x1000, 0x200, 0x401, 0x60000020L);
        PeInfo pe = parse(b.build());
        assertHas(pe, Anomaly.SECTION_RAW_MISALIGNED);
        // pefile reads SizeOfRawData bytes from the rounded-down pointer 0x400.
        byte[] f = b.build();
        assertEquals(Text.digest("MD5", f, 0x400, 0x200), pe.sections().get(0).md5());
    }

    /** Every prefix of a file with imports, exports and resources: parse returns, with the right code at each boundary. */
    @Test
    public void truncatedAtEveryLength() {
        PeBuilder b = PeBuilder.pe32Plus();
        b.imports(new String[] {"a.dll"}, new String[][] {{"F", "#3"}});
        byte[] full = b.build();
        for (int len = 0; len <= full.length; len++) {
            PeInfo pe = PeParser.parse(full, len, PeLimits.defaults());
            if (len < PeBuilder.LFANEW + 4) {
                assertNull("length " + len, pe);
                continue;
            }
            assertNotNull("length " + len, pe);
            if (len < PeBuilder.OPT) {
                assertHas(pe, Anomaly.FILE_HEADER_TRUNCATED);
            } else if (len < PeBuilder.OPT + 73) {
                assertHas(pe, Anomaly.OPTIONAL_HEADER_MISSING);
            } else if (len < PeBuilder.OPT + 112) {
                assertHas(pe, Anomaly.OPTIONAL_HEADER_PADDED);
            } else if (len < b.sectionTable() + 80) {
                assertHas(pe, Anomaly.SECTION_TABLE_TRUNCATED);
            } else if (len < PeBuilder.RDATA_RAW + PeBuilder.RDATA_SIZE) {
                assertHas(pe, Anomaly.SECTION_RAW_PAST_EOF);
            } else {
                assertEquals(List.of(), pe.anomalies());
                assertEquals(2, pe.imports().size());
            }
        }
    }
}
