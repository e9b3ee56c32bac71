package dev.merc.core.pe;

import dev.merc.core.pe.ByteReader.Slice;
import dev.merc.core.pe.PeInfo.DataDirectory;
import dev.merc.core.pe.PeInfo.OptionalHeader;
import dev.merc.core.pe.PeInfo.Overlay;
import dev.merc.core.pe.PeInfo.Section;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Entry point: reads the headers and section table the way pefile 2023.2.7 does, then hands the
 * data directories to the specialised parsers. Each parser turns its own failures into anomaly
 * codes, so one broken directory never hides the others.
 */
public final class PeParser {
    static final String[] DIRECTORY_NAMES = {
        "IMAGE_DIRECTORY_ENTRY_EXPORT", "IMAGE_DIRECTORY_ENTRY_IMPORT", "IMAGE_DIRECTORY_ENTRY_RESOURCE",
        "IMAGE_DIRECTORY_ENTRY_EXCEPTION", "IMAGE_DIRECTORY_ENTRY_SECURITY", "IMAGE_DIRECTORY_ENTRY_BASERELOC",
        "IMAGE_DIRECTORY_ENTRY_DEBUG", "IMAGE_DIRECTORY_ENTRY_COPYRIGHT", "IMAGE_DIRECTORY_ENTRY_GLOBALPTR",
        "IMAGE_DIRECTORY_ENTRY_TLS", "IMAGE_DIRECTORY_ENTRY_LOAD_CONFIG", "IMAGE_DIRECTORY_ENTRY_BOUND_IMPORT",
        "IMAGE_DIRECTORY_ENTRY_IAT", "IMAGE_DIRECTORY_ENTRY_DELAY_IMPORT", "IMAGE_DIRECTORY_ENTRY_COM_DESCRIPTOR",
        "IMAGE_DIRECTORY_ENTRY_RESERVED"};
    static final int DIR_EXPORT = 0;
    static final int DIR_IMPORT = 1;
    static final int DIR_RESOURCE = 2;
    static final int DIR_SECURITY = 4;
    static final int DIR_DEBUG = 6;
    static final int DIR_TLS = 9;
    static final int DIR_DELAY_IMPORT = 13;
    static final int DIR_CLR = 14;

    private static final int FILE_HEADER_SIZE = 20;

    private PeParser() {
    }

    /** Why {@link #parse} returns null for these bytes, or null when it does not. */
    public static Anomaly whyNotPe(byte[] data, int length) {
        ByteReader r = new ByteReader(data, length);
        if (!r.has(0, 2) || r.u16(0) != 0x5A4D) {
            return Anomaly.NOT_MZ;
        }
        if (!r.has(0, 64)) {
            return Anomaly.DOS_HEADER_TRUNCATED;
        }
        long lfanew = r.u32(0x3C);
        if (lfanew > length) {
            return Anomaly.E_LFANEW_PAST_EOF;
        }
        if (!r.has(lfanew, 4) || r.u32(lfanew) != 0x00004550L) {
            return Anomaly.PE_SIGNATURE_MISSING;
        }
        return null;
    }

    /**
     * Parses {@code data[0, length)}. Returns null when the bytes are not a PE (no MZ header or no
     * PE signature where e_lfanew points); never throws on malformed input.
     */
    public static PeInfo parse(byte[] data, int length, PeLimits limits) {
        if (whyNotPe(data, length) != null) {
            return null;
        }
        ByteReader r = new ByteReader(data, length);
        Set<Anomaly> anomalies = PeContext.newAnomalySet();
        long lfanew = r.u32(0x3C);
        long fh = lfanew + 4;
        if (!r.has(fh, FILE_HEADER_SIZE)) {
            anomalies.add(Anomaly.FILE_HEADER_TRUNCATED);
            return headerOnly(null, anomalies);
        }
        int machine = r.u16(fh);
        int numberOfSections = r.u16(fh + 2);
        long timestamp = r.u32(fh + 4);
        long symbolTable = r.u32(fh + 8);
        long numberOfSymbols = r.u32(fh + 12);
        int sizeOfOptionalHeader = r.u16(fh + 16);
        int characteristics = r.u16(fh + 18);
        boolean isDll = (characteristics & 0x2000) != 0;

        long opt = fh + FILE_HEADER_SIZE;
        OptionalHeader oh = readOptionalHeader(r, opt, anomalies);
        if (oh == null) {
            anomalies.add(Anomaly.OPTIONAL_HEADER_MISSING);
            return new PeInfo(machine, timestamp, characteristics, numberOfSections, symbolTable, numberOfSymbols,
                    sizeOfOptionalHeader, isDll, false, null, null, List.of(), null, List.of(), List.of(), "", null,
                    List.of(), null, List.of(), null, null, null, null, null, List.copyOf(anomalies));
        }
        boolean pe32Plus = OptionalMagic.of(oh.magic()) == OptionalMagic.PE32_PLUS;
        int optSize = pe32Plus ? 112 : 96;
        if (sizeOfOptionalHeader < optSize || sizeOfOptionalHeader > 0x1000) {
            anomalies.add(Anomaly.SIZE_OF_OPTIONAL_HEADER_ODD);
        }

        long[][] dirs = readDataDirectories(r, opt + optSize, oh.numberOfRvaAndSizes(), anomalies);

        // Section table: all entries are reported; pefile maps addresses only with the prefix it accepts.
        long sectionsOffset = opt + sizeOfOptionalHeader;
        List<SectionHeader> table = new ArrayList<>();
        List<SectionHeader> mapped = new ArrayList<>();
        readSectionTable(r, sectionsOffset, numberOfSections, oh, limits, table, mapped, anomalies);
        long afterTable = mapped.isEmpty() ? sectionsOffset : sectionsOffset + (long) SectionHeader.SIZE * numberOfSections;
        long lowestRaw = Long.MAX_VALUE;
        for (SectionHeader s : mapped) {
            if (s.pointerToRawData() > 0) {
                lowestRaw = Math.min(lowestRaw, AddressSpace.adjustFileAlignment(s.pointerToRawData(), oh.fileAlignment()));
            }
        }
        long headerEnd = lowestRaw == Long.MAX_VALUE || lowestRaw == 0 || lowestRaw < afterTable ? afterTable : lowestRaw;
        long headerLength = Math.min(headerEnd, length);
        AddressSpace space = new AddressSpace(r, mapped, oh.fileAlignment(), oh.sectionAlignment(), headerLength);
        noteOverlaps(space, anomalies);

        SectionHeader entry = space.sectionByRva(oh.addressOfEntryPoint());
        if (entry == null) {
            anomalies.add(Anomaly.ENTRY_POINT_OUTSIDE_SECTIONS);
        }

        PeContext ctx = new PeContext(r, space, limits, pe32Plus, Machine.of(machine), oh.imageBase(), oh.sizeOfImage(),
                anomalies);
        ctx.hashBudget = limits.hashBudget(length);
        List<Section> sections = new ArrayList<>(table.size());
        for (SectionHeader h : table) {
            Slice raw = space.sectionData(h, null, null);
            boolean hash = ctx.spendHashBudget(raw.length());
            sections.add(new Section(h.index(), h.name(), h.virtualAddress(), h.virtualSize(), h.pointerToRawData(),
                    h.sizeOfRawData(), h.characteristics(), hash ? Text.entropy(data, raw.offset(), raw.length()) : null,
                    hash ? Text.digest("MD5", data, raw.offset(), raw.length()) : null));
        }

        List<DataDirectory> directories = new ArrayList<>();
        for (int i = 0; i < dirs.length; i++) {
            if (dirs[i][0] != 0 || dirs[i][1] != 0) {
                directories.add(new DataDirectory(DIRECTORY_NAMES[i], dirs[i][0], dirs[i][1]));
            }
        }

        // pefile parses a directory only when its VirtualAddress is non-zero, in this order (import,
        // export, resource, debug, tls, delay import). The order matters only for sections sharing a
        // VirtualAddress, where pefile's last-matched-section cache decides which one an RVA maps to.
        ImportParser.Result imports = present(dirs, DIR_IMPORT)
                ? ImportParser.parseImports(ctx, dirs[DIR_IMPORT][0])
                : ImportParser.Result.NONE;
        PeInfo.Exports exports = present(dirs, DIR_EXPORT)
                ? ExportParser.parse(ctx, dirs[DIR_EXPORT][0], dirs[DIR_EXPORT][1])
                : null;
        ResourceParser.Result resources = present(dirs, DIR_RESOURCE)
                ? ResourceParser.parse(ctx, dirs[DIR_RESOURCE][0])
                : ResourceParser.Result.NONE;
        List<PeInfo.Debug> debug = present(dirs, DIR_DEBUG)
                ? DirectoryParsers.debug(ctx, dirs[DIR_DEBUG][0], dirs[DIR_DEBUG][1])
                : List.of();
        PeInfo.Tls tls = present(dirs, DIR_TLS) ? DirectoryParsers.tls(ctx, dirs[DIR_TLS][0]) : null;
        List<PeInfo.Import> allImports = new ArrayList<>(imports.entries());
        if (present(dirs, DIR_DELAY_IMPORT)) {
            allImports.addAll(ImportParser.parseDelayImports(ctx, dirs[DIR_DELAY_IMPORT][0]).entries());
        }
        if (allImports.size() > limits.maxImports()) {
            anomalies.add(Anomaly.IMPORTS_CAPPED);
            allImports = allImports.subList(0, limits.maxImports());
        }
        PeInfo.DotNet dotnet = present(dirs, DIR_CLR) ? DirectoryParsers.dotnet(ctx, dirs[DIR_CLR][0]) : null;
        PeInfo.Signature signature = present(dirs, DIR_SECURITY)
                ? SignatureParser.parse(ctx, dirs[DIR_SECURITY][0], dirs[DIR_SECURITY][1], opt + 0x40,
                        opt + optSize + 8L * DIR_SECURITY)
                : null;

        return new PeInfo(machine, timestamp, characteristics, numberOfSections, symbolTable, numberOfSymbols,
                sizeOfOptionalHeader, isDll, pe32Plus, oh, Checksum.compute(r, opt + 0x40), List.copyOf(directories),
                entry == null ? null : entry.name(), List.copyOf(sections), List.copyOf(allImports),
                imports.imphash(), exports, resources.leaves(), resources.versionInfo(), debug,
                RichHeaderParser.parse(r, opt, anomalies), tls, signature,
                overlay(r, space, opt, sizeOfOptionalHeader, mapped, dirs), dotnet, List.copyOf(anomalies));
    }

    private static boolean present(long[][] dirs, int index) {
        return dirs.length > index && dirs[index][0] != 0;
    }

    private static PeInfo headerOnly(Integer machine, Set<Anomaly> anomalies) {
        return new PeInfo(machine, null, null, null, null, null, null, null, null, null, null, List.of(), null,
                List.of(), List.of(), "", null, List.of(), null, List.of(), null, null, null, null, null,
                List.copyOf(anomalies));
    }

    /**
     * pefile reads the PE32 layout first (needing 96 bytes, or at least 69 which it zero-pads), then
     * re-reads as PE32+ when the magic says so (112 bytes, or at least 73 zero-padded).
     */
    static OptionalHeader readOptionalHeader(ByteReader file, long opt, Set<Anomaly> anomalies) {
        long available = Math.max(0, Math.min(0x200, file.length() - opt));
        if (available < 69) {
            return null;
        }
        int magic = file.u16(opt);
        boolean plus = OptionalMagic.of(magic) == OptionalMagic.PE32_PLUS;
        int needed = plus ? 112 : 96;
        if (plus && available < 73) {
            return null;
        }
        ByteReader r = file;
        long base = opt;
        if (available < needed) {
            // A fixed 0x200-byte buffer: its size never depends on a header field.
            byte[] padded = new byte[0x200];
            System.arraycopy(file.array(), (int) opt, padded, 0, (int) available);
            r = new ByteReader(padded, padded.length);
            base = 0;
            anomalies.add(Anomaly.OPTIONAL_HEADER_PADDED);
        }
        if (OptionalMagic.of(magic) == OptionalMagic.UNKNOWN) {
            anomalies.add(Anomaly.OPTIONAL_MAGIC_UNKNOWN);
        }
        long b = base;
        if (plus) {
            return new OptionalHeader(magic, r.u8(b + 2), r.u8(b + 3), r.u32(b + 4), r.u32(b + 8), r.u32(b + 12),
                    r.u32(b + 16), r.u32(b + 20), null, r.u64(b + 24), r.u32(b + 32), r.u32(b + 36),
                    r.u16(b + 40), r.u16(b + 42), r.u16(b + 44), r.u16(b + 46), r.u16(b + 48), r.u16(b + 50),
                    r.u32(b + 56), r.u32(b + 60), r.u32(b + 64), r.u16(b + 68), r.u16(b + 70),
                    r.u64(b + 72), r.u64(b + 80), r.u64(b + 88), r.u64(b + 96), r.u32(b + 104), r.u32(b + 108));
        }
        return new OptionalHeader(magic, r.u8(b + 2), r.u8(b + 3), r.u32(b + 4), r.u32(b + 8), r.u32(b + 12),
                r.u32(b + 16), r.u32(b + 20), r.u32(b + 24), r.u32(b + 28), r.u32(b + 32), r.u32(b + 36),
                r.u16(b + 40), r.u16(b + 42), r.u16(b + 44), r.u16(b + 46), r.u16(b + 48), r.u16(b + 50),
                r.u32(b + 56), r.u32(b + 60), r.u32(b + 64), r.u16(b + 68), r.u16(b + 70),
                r.u32(b + 72), r.u32(b + 76), r.u32(b + 80), r.u32(b + 84), r.u32(b + 88), r.u32(b + 92));
    }

    /** At most 16 entries whatever NumberOfRvaAndSizes says; a short tail is zero-padded, as pefile does. */
    static long[][] readDataDirectories(ByteReader r, long offset, long count, Set<Anomaly> anomalies) {
        if (count > 16) {
            anomalies.add(Anomaly.RVA_AND_SIZES_SUSPICIOUS);
        }
        int n = (int) Math.min(count & 0x7FFFFFFFL, 16);
        List<long[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long at = offset + 8L * i;
            if (at == r.length()) {
                anomalies.add(Anomaly.DATA_DIRECTORIES_TRUNCATED);
                break;
            }
            if (!r.has(at, 8)) {
                anomalies.add(Anomaly.DATA_DIRECTORIES_TRUNCATED);
            }
            out.add(new long[] {r.u32OrZeroPadded(at), r.u32OrZeroPadded(at + 4)});
        }
        return out.toArray(new long[0][]);
    }

    static void readSectionTable(ByteReader r, long offset, int count, OptionalHeader oh, PeLimits limits,
            List<SectionHeader> table, List<SectionHeader> mapped, Set<Anomaly> anomalies) {
        if (count == 0) {
            anomalies.add(Anomaly.NO_SECTIONS);
        }
        boolean mapping = true;
        for (int i = 0; i < count; i++) {
            if (i >= limits.maxSections()) {
                anomalies.add(Anomaly.SECTIONS_CAPPED);
                break;
            }
            long at = offset + (long) SectionHeader.SIZE * i;
            if (!r.has(at, SectionHeader.SIZE)) {
                anomalies.add(Anomaly.SECTION_TABLE_TRUNCATED);
                break;
            }
            SectionHeader h = SectionHeader.read(r, at, i);
            table.add(h);
            if (!mapping) {
                continue;
            }
            boolean allZero = true;
            for (int k = 0; k < SectionHeader.SIZE && allZero; k++) {
                allZero = r.u8(at + k) == 0;
            }
            if (allZero) {
                anomalies.add(Anomaly.SECTION_NULL_ENTRY);
                mapping = false;
                continue;
            }
            int errors = 0;
            if (h.sizeOfRawData() + h.pointerToRawData() > r.length()) {
                errors++;
                anomalies.add(Anomaly.SECTION_RAW_PAST_EOF);
            }
            if (AddressSpace.adjustFileAlignment(h.pointerToRawData(), oh.fileAlignment()) > r.length()) {
                errors++;
                anomalies.add(Anomaly.SECTION_POINTER_PAST_EOF);
            }
            if (h.virtualSize() > 0x10000000L) {
                errors++;
                anomalies.add(Anomaly.SECTION_VIRTUAL_SIZE_HUGE);
            }
            if (AddressSpace.adjustSectionAlignment(h.virtualAddress(), oh.sectionAlignment(), oh.fileAlignment())
                    > 0x10000000L) {
                errors++;
                anomalies.add(Anomaly.SECTION_VIRTUAL_ADDRESS_HUGE);
            }
            if (oh.fileAlignment() != 0 && h.pointerToRawData() % oh.fileAlignment() != 0) {
                errors++;
                anomalies.add(Anomaly.SECTION_RAW_MISALIGNED);
            }
            if (errors >= 3) {
                anomalies.add(Anomaly.SECTION_TOO_MANY_ERRORS);
                mapping = false;
                continue;
            }
            if ((h.characteristics() & 0xA0000000L) == 0xA0000000L) {
                anomalies.add(Anomaly.SECTION_WRITABLE_EXECUTABLE);
            }
            mapped.add(h);
        }
    }

    private static void noteOverlaps(AddressSpace space, Set<Anomaly> anomalies) {
        List<SectionHeader> s = space.sortedSections();
        for (int i = 0; i + 1 < s.size(); i++) {
            SectionHeader a = s.get(i);
            if (a.virtualAddress() + Math.max(a.virtualSize(), 1) > s.get(i + 1).virtualAddress()) {
                anomalies.add(Anomaly.SECTIONS_OVERLAP);
                return;
            }
        }
    }

    /** pefile's get_overlay_data_start_offset, then the bytes from there to the end of the file. */
    private static Overlay overlay(ByteReader r, AddressSpace space, long opt, int sizeOfOptionalHeader,
            List<SectionHeader> mapped, long[][] dirs) {
        long fileSize = r.length();
        long[] best = {0, 0};
        consider(best, opt, sizeOfOptionalHeader, fileSize);
        for (SectionHeader s : mapped) {
            consider(best, s.pointerToRawData(), s.sizeOfRawData(), fileSize);
        }
        for (int i = 0; i < dirs.length; i++) {
            if (i == DIR_SECURITY) {
                continue;
            }
            try {
                consider(best, space.offset(dirs[i][0]), dirs[i][1], fileSize);
            } catch (PeFormatException e) {
                // pefile skips directories whose RVA is outside the file.
            }
        }
        long start = best[0] + best[1];
        if (fileSize > start) {
            return new Overlay(start, fileSize - start, Text.entropy(r.array(), (int) start, (int) (fileSize - start)));
        }
        return null;
    }

    private static void consider(long[] best, long offset, long size, long fileSize) {
        long end = offset + size;
        if (end <= fileSize && end > best[0] + best[1]) {
            best[0] = offset;
            best[1] = size;
        }
    }
}
