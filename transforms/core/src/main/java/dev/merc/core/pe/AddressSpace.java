package dev.merc.core.pe;

import dev.merc.core.pe.ByteReader.Slice;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * pefile's RVA-to-file mapping (pefile 2023.2.7: adjust_FileAlignment, adjust_SectionAlignment,
 * SectionStructure.contains_rva / get_data, PE.get_section_by_rva / get_data / get_offset_from_rva).
 *
 * <p>Sections are searched sorted by VirtualAddress (stable), first match wins, each section's
 * extent is clipped at the next section's start, and the last section that matched is tried first
 * (pefile caches it). So with equal VirtualAddresses the lowest table index wins unless a previous
 * lookup already landed in another one.
 */
final class AddressSpace {
    private final ByteReader r;
    private final long fileAlignment;
    private final long sectionAlignment;
    private final List<SectionHeader> sorted;
    private final long[] min;
    private final long[] max;
    private final long headerLength;
    private int lastUsed = -1;

    AddressSpace(ByteReader r, List<SectionHeader> mapped, long fileAlignment, long sectionAlignment,
            long headerLength) {
        this.r = r;
        this.fileAlignment = fileAlignment;
        this.sectionAlignment = sectionAlignment;
        this.headerLength = headerLength;
        List<SectionHeader> s = new ArrayList<>(mapped);
        s.sort(Comparator.comparingLong(SectionHeader::virtualAddress));
        this.sorted = List.copyOf(s);
        this.min = new long[s.size()];
        this.max = new long[s.size()];
        for (int i = 0; i < s.size(); i++) {
            SectionHeader h = s.get(i);
            long vaAdj = virtualAddressAdj(h);
            long size = (long) r.length() - pointerAdj(h) < h.sizeOfRawData()
                    ? h.virtualSize()
                    : Math.max(h.sizeOfRawData(), h.virtualSize());
            if (i + 1 < s.size()) {
                long next = s.get(i + 1).virtualAddress();
                if (next > h.virtualAddress() && vaAdj + size > next) {
                    size = next - vaAdj;
                }
            }
            min[i] = vaAdj;
            max[i] = vaAdj + size;
        }
    }

    /** pefile's adjust_FileAlignment: below 0x200 the value is used as is, else rounded down to 0x200. */
    static long adjustFileAlignment(long value, long fileAlignment) {
        return fileAlignment < 0x200 ? value : value / 0x200 * 0x200;
    }

    /** pefile's adjust_SectionAlignment: below a page the file alignment is used. */
    static long adjustSectionAlignment(long value, long sectionAlignment, long fileAlignment) {
        long alignment = sectionAlignment < 0x1000 ? fileAlignment : sectionAlignment;
        if (alignment != 0 && value % alignment != 0) {
            return alignment * (value / alignment);
        }
        return value;
    }

    long pointerAdj(SectionHeader h) {
        return adjustFileAlignment(h.pointerToRawData(), fileAlignment);
    }

    long virtualAddressAdj(SectionHeader h) {
        return adjustSectionAlignment(h.virtualAddress(), sectionAlignment, fileAlignment);
    }

    List<SectionHeader> sortedSections() {
        return sorted;
    }

    SectionHeader sectionByRva(long rva) {
        if (lastUsed >= 0 && min[lastUsed] <= rva && rva < max[lastUsed]) {
            return sorted.get(lastUsed);
        }
        for (int i = 0; i < sorted.size(); i++) {
            if (min[i] <= rva && rva < max[i]) {
                lastUsed = i;
                return sorted.get(i);
            }
        }
        return null;
    }

    /** SectionStructure.get_data(start, length): a null start means the section's own raw data. */
    Slice sectionData(SectionHeader h, Long start, Long length) {
        long offset = start == null ? pointerAdj(h) : start - virtualAddressAdj(h) + pointerAdj(h);
        long end = length != null ? offset + length : offset + h.sizeOfRawData();
        long limit = h.pointerToRawData() + h.sizeOfRawData();
        if (end > limit) {
            end = limit;
        }
        return r.slice(offset, end - offset);
    }

    /**
     * PE.get_data(rva, length). Outside sections a null or zero length reads to the end of the
     * headers or file; inside a section a zero length reads nothing and null reads to its end.
     */
    Slice data(long rva, Long length) {
        SectionHeader s = sectionByRva(rva);
        if (s == null) {
            Long len = length != null && length != 0 ? length : null;
            if (rva < headerLength) {
                long end = len == null ? headerLength : Math.min(rva + len, headerLength);
                return r.slice(rva, Math.max(0, end - rva));
            }
            if (rva < r.length()) {
                return r.slice(rva, len == null ? r.length() - rva : len);
            }
            throw new PeFormatException(Anomaly.RVA_UNMAPPED, "data at RVA 0x" + Long.toHexString(rva) + " can't be fetched");
        }
        return sectionData(s, rva, length);
    }

    /** PE.get_offset_from_rva; outside every section the RVA is taken as an offset if inside the file. */
    long offset(long rva) {
        SectionHeader s = sectionByRva(rva);
        if (s == null) {
            if (rva < r.length()) {
                return rva;
            }
            throw new PeFormatException(Anomaly.RVA_UNMAPPED, "RVA 0x" + Long.toHexString(rva) + " can't be mapped");
        }
        return rva - virtualAddressAdj(s) + pointerAdj(s);
    }

    /** True when {@link #string} read all maxLength bytes without meeting a NUL, so the cap cut the string. */
    static boolean hitCap(Slice string, long maxLength) {
        return string.length() >= maxLength;
    }

    /** PE.get_string_at_rva: bytes up to the first NUL, at most maxLength; never throws. */
    Slice string(long rva, long maxLength) {
        SectionHeader s = sectionByRva(rva);
        Slice raw = s == null ? r.slice(rva, maxLength) : sectionData(s, rva, maxLength);
        return r.untilNul(raw);
    }

    /**
     * Reads a little-endian value from a slice, or null when it is too short (get_dword_from_data).
     * Callers must test for null before unboxing: a slice clipped at EOF can end mid-entry.
     */
    Long dwordAt(Slice s, long index) {
        if ((index + 1) * 4 > s.length()) {
            return null;
        }
        return r.u32(s.offset() + index * 4);
    }

    Integer wordAt(Slice s, long index) {
        if ((index + 1) * 2 > s.length()) {
            return null;
        }
        return r.u16(s.offset() + index * 2);
    }

    ByteReader reader() {
        return r;
    }
}
