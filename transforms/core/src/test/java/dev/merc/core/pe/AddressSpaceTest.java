package dev.merc.core.pe;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/**
 * pefile's RVA-to-offset rules, on files from PeBuilder (.text at VA 0x1000 / raw 0x400, .rdata at
 * VA 0x2000 / raw 0x600, 0x1600 bytes in all). Every expected offset is what pefile 2023.2.7's
 * get_offset_from_rva returns for the same bytes, called in the same order (its last-match cache
 * makes order matter).
 */
public class AddressSpaceTest {
    private static final int SECTION_ALIGNMENT = PeBuilder.OPT + 32;
    private static final int FILE_ALIGNMENT = PeBuilder.OPT + 36;

    /** The address space over every section header of {@code f}, as PeParser builds it. */
    static AddressSpace space(byte[] f) {
        ByteReader r = new ByteReader(f, f.length);
        int count = r.u16(PeBuilder.COFF + 2);
        long table = PeBuilder.OPT + r.u16(PeBuilder.COFF + 16);
        List<SectionHeader> headers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            headers.add(SectionHeader.read(r, table + 40L * i, i));
        }
        return new AddressSpace(r, headers, r.u32(FILE_ALIGNMENT), r.u32(SECTION_ALIGNMENT), 0x400);
    }

    /** .rdata at VA 0x2300, which a SectionAlignment of {@code sa} rounds down before mapping. */
    static byte[] rdataAt2300(long sa) {
        PeBuilder b = PeBuilder.pe32();
        b.u32(SECTION_ALIGNMENT, sa);
        b.section(1, ".rdata", 0x1000, 0x2300, 0x1000, 0x600, 0x40000040L);
        return b.build();
    }

    /** Below a page, the VirtualAddress is aligned to FileAlignment (0x200): 0x2300 maps from 0x2200. */
    @Test
    public void sectionAlignmentBelowPageUsesFileAlignment() {
        AddressSpace s = space(rdataAt2300(0x800));
        assertEquals(0x2200, s.virtualAddressAdj(s.sortedSections().get(1)));
        assertEquals(0x700, s.offset(0x2300));
        assertEquals(0x610, s.offset(0x2210));
    }

    /** At a page or more, SectionAlignment itself is used: 0x2300 maps from 0x2000. */
    @Test
    public void sectionAlignmentOfAPageRoundsToIt() {
        AddressSpace s = space(rdataAt2300(0x1000));
        assertEquals(0x900, s.offset(0x2300));
        assertEquals(0x610, s.offset(0x2010));
    }

    /** .rdata's PointerToRawData 0x6F0 with FileAlignment {@code fa}. */
    static byte[] rdataRawAt6f0(long fa) {
        PeBuilder b = PeBuilder.pe32();
        b.u32(FILE_ALIGNMENT, fa);
        b.section(1, ".rdata", 0xF00, 0x2000, 0xF00, 0x6F0, 0x40000040L);
        return b.build();
    }

    @Test
    public void fileAlignmentBelow0x200LeavesPointerToRawDataAlone() {
        AddressSpace s = space(rdataRawAt6f0(0x80));
        assertEquals(0x6F0, s.offset(0x2000));
        assertEquals(0x700, s.offset(0x2010));
    }

    /** From 0x200 up, the pointer is rounded down to a multiple of 0x200, whatever FileAlignment is. */
    @Test
    public void fileAlignmentOf0x200OrMoreRoundsPointerDownTo0x200() {
        for (long fa : new long[] {0x200, 0x1000}) {
            AddressSpace s = space(rdataRawAt6f0(fa));
            assertEquals(0x600, s.offset(0x2000));
            assertEquals(0x610, s.offset(0x2010));
        }
    }

    /** .rdata with VirtualSize 0x800 and a SizeOfRawData of {@code raw}. */
    static byte[] rdataRaw(long raw) {
        PeBuilder b = PeBuilder.pe32();
        b.section(1, ".rdata", 0x800, 0x2000, raw, 0x600, 0x40000040L);
        return b.build();
    }

    /** Raw data that fits: the extent is max(SizeOfRawData, VirtualSize) = 0x1000. */
    @Test
    public void extentIsTheLargerSizeWhenRawDataFits() {
        AddressSpace s = space(rdataRaw(0x1000));
        assertEquals(".rdata", s.sectionByRva(0x2FFF).name());
        assertEquals(0xE00, s.offset(0x2800));
    }

    /** Raw data past EOF: the extent falls back to VirtualSize, so 0x2800 is in no section and past EOF. */
    @Test
    public void extentFallsBackToVirtualSizeWhenRawDataRunsPastEof() {
        AddressSpace s = space(rdataRaw(0x2000));
        assertEquals(0xDFF, s.offset(0x27FF));
        assertNull(s.sectionByRva(0x2800));
        PeFormatException e = assertThrows(PeFormatException.class, () -> s.offset(0x2800));
        assertEquals(Anomaly.RVA_UNMAPPED, e.anomaly());
    }

    /** .text claims 0x1800 bytes from 0x1000, past .rdata's start at 0x2000. */
    static byte[] textOverlapsRdata() {
        PeBuilder b = PeBuilder.pe32();
        b.section(0, ".text", 0x1800, 0x1000, 0x200, 0x400, 0x60000020L);
        return b.build();
    }

    /** .text is clipped at the next VirtualAddress, so 0x2100 belongs to .rdata although .text sorts first. */
    @Test
    public void extentIsClippedAtTheNextSection() {
        AddressSpace s = space(textOverlapsRdata());
        assertEquals(0x1300, s.offset(0x1F00));
        assertEquals(".rdata", s.sectionByRva(0x2000).name());
        assertEquals(0x700, s.offset(0x2100));
    }

    /** Two sections at VA 0x1000: "small" (0x200 bytes, raw 0x400) first in the table, "big" (0x1000, raw 0x600). */
    static byte[] equalVirtualAddresses() {
        PeBuilder b = PeBuilder.pe32();
        b.section(0, "small", 0x200, 0x1000, 0x200, 0x400, 0x60000020L);
        b.section(1, "big", 0x1000, 0x1000, 0x1000, 0x600, 0x40000040L);
        return b.build();
    }

    /**
     * Stable sort keeps table order, the first match wins and neither is clipped by the other (the
     * next VA is not above its own). Once an RVA only "big" holds was looked up, pefile's cache of the
     * last match sends shared RVAs to "big" too.
     */
    @Test
    public void equalVirtualAddressesResolveAsPefile() {
        AddressSpace s = space(equalVirtualAddresses());
        assertEquals(0x500, s.offset(0x1100));
        assertEquals(0xE00, s.offset(0x1800));
        assertEquals(0x700, s.offset(0x1100));
        assertEquals(0x600, s.offset(0x1000));
    }
}
