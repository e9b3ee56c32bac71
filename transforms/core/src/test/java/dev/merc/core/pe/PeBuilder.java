package dev.merc.core.pe;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds small, valid PE files for tests, then lets a test corrupt any field by offset.
 * Layout: DOS header, PE header at 0x80, optional header at 0x98, section table after it,
 * sections ".text" (VA 0x1000, raw 0x400) and ".rdata" (VA 0x2000, raw 0x600, 0x1000 bytes).
 */
final class PeBuilder {
    static final int LFANEW = 0x80;
    static final int COFF = LFANEW + 4;
    static final int OPT = COFF + 20;
    static final int TEXT_VA = 0x1000;
    static final int TEXT_RAW = 0x400;
    static final int RDATA_VA = 0x2000;
    static final int RDATA_RAW = 0x600;
    static final int RDATA_SIZE = 0x1000;

    final boolean plus;
    byte[] b = new byte[RDATA_RAW + RDATA_SIZE];

    private PeBuilder(boolean plus) {
        this.plus = plus;
        b[0] = 'M';
        b[1] = 'Z';
        u32(0x3C, LFANEW);
        b[LFANEW] = 'P';
        b[LFANEW + 1] = 'E';
        u16(COFF, plus ? 0x8664 : 0x14c);
        u16(COFF + 2, 2);
        u32(COFF + 4, 0x5F5E1000L);
        u16(COFF + 16, optSize() + 128);
        u16(COFF + 18, 0x0102);
        u16(OPT, plus ? 0x20b : 0x10b);
        u32(OPT + 16, TEXT_VA);                 // AddressOfEntryPoint
        if (plus) {
            u64(OPT + 24, 0x140000000L);
        } else {
            u32(OPT + 28, 0x400000);
        }
        u32(OPT + 32, 0x1000);                  // SectionAlignment
        u32(OPT + 36, 0x200);                   // FileAlignment
        u32(OPT + 56, 0x3000);                  // SizeOfImage
        u32(OPT + 60, 0x400);                   // SizeOfHeaders
        u16(OPT + 68, 3);
        u32(OPT + optSize() - 4, 16);           // NumberOfRvaAndSizes
        section(0, ".text", 0x200, TEXT_VA, 0x200, TEXT_RAW, 0x60000020L);
        section(1, ".rdata", RDATA_SIZE, RDATA_VA, RDATA_SIZE, RDATA_RAW, 0x40000040L);
        b[TEXT_RAW] = (byte) 0xC3;
    }

    static PeBuilder pe32() {
        return new PeBuilder(false);
    }

    static PeBuilder pe32Plus() {
        return new PeBuilder(true);
    }

    int optSize() {
        return plus ? 112 : 96;
    }

    int sectionTable() {
        return OPT + optSize() + 128;
    }

    long imageBase() {
        return plus ? 0x140000000L : 0x400000L;
    }

    PeBuilder section(int index, String name, long vsize, long va, long rawSize, long rawPtr, long characteristics) {
        int at = sectionTable() + 40 * index;
        byte[] n = name.getBytes(StandardCharsets.ISO_8859_1);
        Arrays.fill(b, at, at + 8, (byte) 0);
        System.arraycopy(n, 0, b, at, Math.min(8, n.length));
        u32(at + 8, vsize);
        u32(at + 12, va);
        u32(at + 16, rawSize);
        u32(at + 20, rawPtr);
        u32(at + 36, characteristics);
        return this;
    }

    PeBuilder dir(int index, long va, long size) {
        int at = OPT + optSize() + 8 * index;
        u32(at, va);
        u32(at + 4, size);
        return this;
    }

    /** File offset of an RVA inside .rdata. */
    static int off(long rva) {
        return (int) (rva - RDATA_VA + RDATA_RAW);
    }

    PeBuilder ascii(long rva, String s) {
        byte[] v = s.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(v, 0, b, off(rva), v.length);
        b[off(rva) + v.length] = 0;
        return this;
    }

    PeBuilder u16(int offset, long v) {
        b[offset] = (byte) v;
        b[offset + 1] = (byte) (v >> 8);
        return this;
    }

    PeBuilder u32(int offset, long v) {
        u16(offset, v);
        u16(offset + 2, v >> 16);
        return this;
    }

    PeBuilder u64(int offset, long v) {
        u32(offset, v);
        u32(offset + 4, v >>> 32);
        return this;
    }

    /** Makes .rdata {@code extra} bytes longer (raw and virtual), appending zeros to the file. */
    PeBuilder growRdata(int extra) {
        append(new byte[extra]);
        return section(1, ".rdata", RDATA_SIZE + extra, RDATA_VA, RDATA_SIZE + extra, RDATA_RAW, 0x40000040L);
    }

    PeBuilder append(byte[] tail) {
        int old = b.length;
        b = Arrays.copyOf(b, old + tail.length);
        System.arraycopy(tail, 0, b, old, tail.length);
        return this;
    }

    /**
     * An import directory at RVA 0x2000 with one descriptor per dll. Each symbol is a name, or
     * "#N" for an import by ordinal N. Thunks use the file's width; ILT and IAT are separate copies.
     */
    PeBuilder imports(String[] dlls, String[][] symbols) {
        int width = plus ? 8 : 4;
        long desc = RDATA_VA;
        long strings = RDATA_VA + 0x400;
        long thunks = RDATA_VA + 0x200;
        for (int d = 0; d < dlls.length; d++) {
            long ilt = thunks;
            long iat = thunks + 0x80;
            thunks += 0x100;
            for (int i = 0; i < symbols[d].length; i++) {
                String s = symbols[d][i];
                long value;
                if (s.startsWith("#")) {
                    value = Long.parseLong(s.substring(1)) | (plus ? Long.MIN_VALUE : 0x80000000L);
                } else {
                    value = strings;
                    u16(off(strings), i);
                    ascii(strings + 2, s);
                    strings += (s.length() + 4) & ~1;
                }
                put(ilt + (long) width * i, value, width);
                put(iat + (long) width * i, value, width);
            }
            ascii(strings, dlls[d]);
            int at = off(desc + 20L * d);
            u32(at, ilt);
            u32(at + 12, strings);
            u32(at + 16, iat);
            strings += dlls[d].length() + 2;
        }
        return dir(PeParser.DIR_IMPORT, RDATA_VA, 20L * (dlls.length + 1));
    }

    private void put(long rva, long value, int width) {
        if (width == 8) {
            u64(off(rva), value);
        } else {
            u32(off(rva), value);
        }
    }

    byte[] build() {
        return b.clone();
    }
}
