package dev.merc.core.pe;

import dev.merc.core.pe.ByteReader.Slice;
import dev.merc.core.pe.PeInfo.ExportFunction;
import dev.merc.core.pe.PeInfo.Exports;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Export directory as pefile's parse_export_directory lists it: named functions in AddressOfNames
 * order first, then the remaining non-zero entries of AddressOfFunctions by ordinal.
 */
final class ExportParser {
    private static final String RELAXED_EXTRA = "!\"#$%&'()*+,-./:<>?[\\]^_`{|}~@";
    private static final int MAX_REPEATED_NAMED = 10;
    private static final int MAX_REPEATED_ORDINAL = 120;
    /** pefile allows 1 MiB; real forwarders are "DLL.Function", and 0x4000 of them must stay cheap. */
    private static final int MAX_FORWARDER_LENGTH = 0x1000;
    /** pefile's MAX_STRING_LENGTH, the bound of its get_string_at_rva for the export DLL name. */
    private static final int MAX_DLL_NAME_LENGTH = 0x100000;

    private ExportParser() {
    }

    static Exports parse(PeContext ctx, long rva, long size) {
        AddressSpace sp = ctx.space;
        byte[] b = ctx.r.array();
        long base;
        long numberOfFunctions;
        long numberOfNames;
        long nameRva;
        long functionsRva;
        long namesRva;
        long ordinalsRva;
        boolean allZero = true;
        Slice names;
        Slice ordinals;
        Slice functions;
        try {
            Slice d = sp.data(rva, 40L);
            sp.offset(rva);
            if (d.length() < 40) {
                ctx.note(Anomaly.EXPORTS_UNREADABLE);
                return null;
            }
            for (int k = 0; k < 40 && allZero; k += 4) {
                allZero = ctx.r.u32(d.offset() + k) == 0;
            }
            nameRva = ctx.r.u32(d.offset() + 12);
            base = ctx.r.u32(d.offset() + 16);
            numberOfFunctions = ctx.r.u32(d.offset() + 20);
            numberOfNames = ctx.r.u32(d.offset() + 24);
            functionsRva = ctx.r.u32(d.offset() + 28);
            namesRva = ctx.r.u32(d.offset() + 32);
            ordinalsRva = ctx.r.u32(d.offset() + 36);
            // Array lengths are clipped to the bytes left in the file before anything is read.
            names = sp.data(namesRva, Math.min(untilEof(ctx, namesRva), numberOfNames * 4));
            ordinals = sp.data(ordinalsRva, Math.min(untilEof(ctx, ordinalsRva), numberOfNames * 4));
            functions = sp.data(functionsRva, Math.min(untilEof(ctx, functionsRva), numberOfFunctions * 4));
        } catch (PeFormatException e) {
            ctx.note(Anomaly.EXPORTS_UNREADABLE);
            return null;
        }

        List<ExportFunction> out = new ArrayList<>();
        Set<Long> namedOrdinals = new HashSet<>();
        Map<String, Integer> namedCounts = new HashMap<>();
        int failures = 10;
        long limit = Math.min(numberOfNames, safetyBoundary(ctx, namesRva) / 4);
        for (long i = 0; i < limit; i++) {
            if (out.size() >= ctx.limits.maxExports()) {
                ctx.note(Anomaly.EXPORTS_CAPPED);
                break;
            }
            Integer ordinal = sp.wordAt(ordinals, i);
            if (ordinal == null || (long) ordinal * 4 >= functions.length()) {
                ctx.note(Anomaly.EXPORTS_CORRUPT);
                return null;
            }
            // A slot cut short by the end of the table (a slice of 4k+1..4k+3 bytes) is skipped, as in pefile.
            Long address = sp.dwordAt(functions, ordinal);
            if (address == null || address == 0) {
                continue;
            }
            String forwarder = null;
            if (address >= rva && address < rva + size) {
                forwarder = forwarder(ctx, address);
                try {
                    sp.offset(address);
                } catch (PeFormatException e) {
                    continue;
                }
            }
            Long nameAddress = sp.dwordAt(names, i);
            if (nameAddress == null) {
                ctx.note(Anomaly.EXPORTS_CORRUPT);
                break;
            }
            Slice n = sp.string(nameAddress, ctx.limits.maxNameLength());
            if (AddressSpace.hitCap(n, ctx.limits.maxNameLength())) {
                ctx.note(Anomaly.EXPORT_NAME_CAPPED);
            }
            if (!ImportParser.validName(b, n, RELAXED_EXTRA)) {
                ctx.note(Anomaly.EXPORTS_CORRUPT);
                break;
            }
            try {
                sp.offset(nameAddress);
            } catch (PeFormatException e) {
                failures -= 2;
                if (failures <= 0) {
                    ctx.note(Anomaly.EXPORTS_CORRUPT);
                    break;
                }
                continue;
            }
            String name = Text.latin1(b, n.offset(), n.length());
            String key = name + "\u0000" + address;
            int count = namedCounts.merge(key, 1, Integer::sum);
            if (count > MAX_REPEATED_NAMED || namedCounts.size() > ctx.limits.maxExports()) {
                ctx.note(count > MAX_REPEATED_NAMED ? Anomaly.EXPORTS_CORRUPT : Anomaly.EXPORTS_CAPPED);
                break;
            }
            out.add(new ExportFunction(base + ordinal, name, address, forwarder));
            namedOrdinals.add(base + ordinal);
        }

        Map<Long, Integer> addressCounts = new HashMap<>();
        failures = 10;
        limit = Math.min(numberOfFunctions, safetyBoundary(ctx, functionsRva) / 4);
        for (long idx = 0; idx < limit; idx++) {
            if (out.size() >= ctx.limits.maxExports()) {
                ctx.note(Anomaly.EXPORTS_CAPPED);
                break;
            }
            if (namedOrdinals.contains(idx + base)) {
                continue;
            }
            Long address = sp.dwordAt(functions, idx);
            if (address == null) {
                // pefile would list such an entry with no address; Merc leaves it out.
                if (--failures <= 0) {
                    ctx.note(Anomaly.EXPORTS_CORRUPT);
                    return null;
                }
                continue;
            }
            if (address == 0) {
                continue;
            }
            String forwarder = address >= rva && address < rva + size ? forwarder(ctx, address) : null;
            int count = addressCounts.merge(address, 1, Integer::sum);
            if (count > MAX_REPEATED_ORDINAL || addressCounts.size() > ctx.limits.maxExports()) {
                ctx.note(count > MAX_REPEATED_ORDINAL ? Anomaly.EXPORTS_CORRUPT : Anomaly.EXPORTS_CAPPED);
                break;
            }
            out.add(new ExportFunction(base + idx, null, address, forwarder));
        }
        if (out.isEmpty() && allZero) {
            return null;
        }
        if (out.size() > ctx.limits.maxExports()) {
            ctx.note(Anomaly.EXPORTS_CAPPED);
            out = out.subList(0, ctx.limits.maxExports());
        }
        Slice dll = sp.string(nameRva, MAX_DLL_NAME_LENGTH);
        if (AddressSpace.hitCap(dll, MAX_DLL_NAME_LENGTH)) {
            ctx.note(Anomaly.EXPORT_NAME_CAPPED);
        }
        return new Exports(Text.utf8BackslashReplace(b, dll.offset(), dll.length()), List.copyOf(out));
    }

    private static String forwarder(PeContext ctx, long address) {
        Slice f = ctx.space.string(address, MAX_FORWARDER_LENGTH);
        if (AddressSpace.hitCap(f, MAX_FORWARDER_LENGTH)) {
            ctx.note(Anomaly.EXPORT_FORWARDER_CAPPED);
        }
        return Text.utf8BackslashReplace(ctx.r.array(), f.offset(), f.length());
    }

    private static long untilEof(PeContext ctx, long rva) {
        return ctx.r.length() - ctx.space.offset(rva);
    }

    /** pefile bounds each loop by the containing section's raw data, else by the file size. */
    private static long safetyBoundary(PeContext ctx, long rva) {
        SectionHeader s = ctx.space.sectionByRva(rva);
        if (s == null) {
            return ctx.r.length();
        }
        long bound = s.virtualAddress() + ctx.space.sectionData(s, null, null).length() - rva;
        return bound < 0 ? -1 : bound;
    }
}
