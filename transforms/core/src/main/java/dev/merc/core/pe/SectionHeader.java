package dev.merc.core.pe;

/** One 40-byte IMAGE_SECTION_HEADER as read from the table; all values unsigned 32-bit in longs. */
record SectionHeader(
        int index,
        String name,
        byte[] rawName,
        long virtualSize,
        long virtualAddress,
        long sizeOfRawData,
        long pointerToRawData,
        long characteristics) {

    static final int SIZE = 40;

    static SectionHeader read(ByteReader r, long offset, int index) {
        byte[] raw = new byte[8];
        System.arraycopy(r.array(), (int) offset, raw, 0, 8);
        return new SectionHeader(index, Text.sectionName(raw), raw,
                r.u32(offset + 8), r.u32(offset + 12), r.u32(offset + 16), r.u32(offset + 20), r.u32(offset + 36));
    }
}
