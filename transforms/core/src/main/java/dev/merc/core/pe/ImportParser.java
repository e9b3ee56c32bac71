package dev.merc.core.pe;

import dev.merc.core.pe.ByteReader.Slice;
import dev.merc.core.pe.PeInfo.Import;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Import and delay-import directories, following pefile's parse_import_directory,
 * parse_delay_import_directory, parse_imports and get_import_table, including the heuristics
 * that make pefile drop a table (repeated or widely spread addresses, bogus ordinals).
 */
final class ImportParser {
    private static final long MAX_ADDRESS_SPREAD = 128L << 20;
    private static final int MAX_REPEATED_ADDRESSES = 15;
    private static final String INVALID = "*invalid*";

    record Result(List<Import> entries, String imphash) {
        static final Result NONE = new Result(List.of(), "");
    }

    /** One thunk that resolved to a name or an ordinal. */
    private record Symbol(String name, Integer ordinal) {
    }

    private ImportParser() {
    }

    static Result parseImports(PeContext ctx, long rva) {
        List<Import> entries = new ArrayList<>();
        List<String> hashParts = new ArrayList<>();
        boolean anyDescriptor = false;
        int errors = 0;
        for (int walked = 0; ; walked++) {
            if (walked >= ctx.limits.maxImportDescriptors()) {
                ctx.note(Anomaly.IMPORTS_CAPPED);
                break;
            }
            Slice d;
            long fileOffset;
            try {
                d = ctx.space.data(rva, 20L);
                fileOffset = ctx.space.offset(rva);
            } catch (PeFormatException e) {
                ctx.note(Anomaly.IMPORTS_UNREADABLE);
                break;
            }
            if (d.length() < 20) {
                ctx.note(Anomaly.IMPORTS_TRUNCATED);
                break;
            }
            long oft = ctx.r.u32(d.offset());
            long forwarderChain = ctx.r.u32(d.offset() + 8);
            long name = ctx.r.u32(d.offset() + 12);
            long ft = ctx.r.u32(d.offset() + 16);
            if (oft == 0 && ctx.r.u32(d.offset() + 4) == 0 && forwarderChain == 0 && name == 0 && ft == 0) {
                break;
            }
            rva += 20;
            List<Symbol> symbols = descriptorSymbols(ctx, oft, ft, rva, fileOffset, false);
            if (errors > 5) {
                ctx.note(Anomaly.IMPORTS_INVALID_ENTRY);
                break;
            }
            if (symbols.isEmpty()) {
                errors++;
                continue;
            }
            String dll = dllName(ctx, name);
            if (dll.isEmpty()) {
                continue;
            }
            anyDescriptor = true;
            String lib = dll.toLowerCase(Locale.ROOT);
            int dot = lib.lastIndexOf('.');
            if (dot >= 0 && List.of("ocx", "sys", "dll").contains(lib.substring(dot + 1))) {
                lib = lib.substring(0, dot);
            }
            for (Symbol s : symbols) {
                entries.add(new Import(dll, s.name(), s.ordinal(), false));
                String func = s.name() != null ? s.name() : OrdinalNames.lookup(dll, s.ordinal());
                hashParts.add(lib + "." + func.toLowerCase(Locale.ROOT));
            }
        }
        String imphash = anyDescriptor ? md5(String.join(",", hashParts)) : "";
        return new Result(entries, imphash);
    }

    static Result parseDelayImports(PeContext ctx, long rva) {
        List<Import> entries = new ArrayList<>();
        int errors = 0;
        for (int walked = 0; ; walked++) {
            if (walked >= ctx.limits.maxImportDescriptors()) {
                ctx.note(Anomaly.IMPORTS_CAPPED);
                break;
            }
            Slice d;
            long fileOffset;
            try {
                d = ctx.space.data(rva, 32L);
                fileOffset = ctx.space.offset(rva);
            } catch (PeFormatException e) {
                ctx.note(Anomaly.DELAY_IMPORTS_UNREADABLE);
                break;
            }
            if (d.length() < 32) {
                ctx.note(Anomaly.IMPORTS_TRUNCATED);
                break;
            }
            boolean allZero = true;
            for (int k = 0; k < 32 && allZero; k += 4) {
                allZero = ctx.r.u32(d.offset() + k) == 0;
            }
            if (allZero) {
                break;
            }
            long attrs = ctx.r.u32(d.offset());
            long name = ctx.r.u32(d.offset() + 4);
            long iat = ctx.r.u32(d.offset() + 12);
            long ilt = ctx.r.u32(d.offset() + 16);
            // Pre-VC6 descriptors hold VAs instead of RVAs (grAttrs == 0, i386 only).
            boolean addresses = attrs == 0 && ctx.machine == Machine.I386;
            if (addresses) {
                iat = normalize(ctx, iat);
                ilt = normalize(ctx, ilt);
                name = normalize(ctx, name);
            }
            rva += 32;
            List<Symbol> symbols = descriptorSymbols(ctx, ilt, iat, rva, fileOffset, addresses);
            if (errors > 5) {
                ctx.note(Anomaly.IMPORTS_INVALID_ENTRY);
                break;
            }
            if (symbols.isEmpty()) {
                errors++;
                continue;
            }
            if (ctx.importThunkReads > ctx.limits.maxImportThunkReads()) {
                ctx.note(Anomaly.IMPORTS_CAPPED);
                break;
            }
            String dll = dllName(ctx, name);
            if (dll.isEmpty()) {
                continue;
            }
            for (Symbol s : symbols) {
                entries.add(new Import(dll, s.name(), s.ordinal(), true));
            }
        }
        return new Result(entries, "");
    }

    private static String dllName(PeContext ctx, long rva) {
        Slice s = ctx.space.string(rva, ctx.limits.maxNameLength());
        if (AddressSpace.hitCap(s, ctx.limits.maxNameLength())) {
            ctx.note(Anomaly.IMPORT_NAME_CAPPED);
        }
        if (!validDosFilename(ctx.r.array(), s)) {
            ctx.note(Anomaly.IMPORT_NAME_INVALID);
            return INVALID;
        }
        return Text.latin1(ctx.r.array(), s.offset(), s.length());
    }

    private static long normalize(PeContext ctx, long va) {
        if (Long.compareUnsigned(va, ctx.imageBase) >= 0 && Long.compareUnsigned(va - ctx.imageBase, ctx.sizeOfImage) < 0
                && Long.compareUnsigned(ctx.imageBase + ctx.sizeOfImage, ctx.imageBase) >= 0) {
            return va - ctx.imageBase;
        }
        return va;
    }

    /** pefile's parse_imports: the ILT if it yields entries, else the IAT, resolved to names or ordinals. */
    /**
     * A descriptor's symbols, read as pefile does: the thunk arrays may not run past the next
     * descriptor (or, when they lie below it, past the end of the file); unreadable is empty.
     */
    private static List<Symbol> descriptorSymbols(PeContext ctx, long lookupRva, long addressRva, long nextRva,
            long fileOffset, boolean addresses) {
        long maxLen = ctx.r.length() - fileOffset;
        if (nextRva > lookupRva || nextRva > addressRva) {
            maxLen = Math.max(nextRva - lookupRva, nextRva - addressRva);
        }
        try {
            return parseThunks(ctx, lookupRva, addressRva, maxLen, addresses);
        } catch (PeFormatException e) {
            ctx.note(Anomaly.IMPORTS_INVALID_ENTRY);
            return List.of();
        }
    }

    private static List<Symbol> parseThunks(PeContext ctx, long ilt, long iat, long maxLen, boolean addresses) {
        List<Long> lookup = thunkTable(ctx, ilt, maxLen, addresses);
        List<Long> address = thunkTable(ctx, iat, maxLen, addresses);
        boolean noLookup = lookup == null || lookup.isEmpty();
        if (noLookup && (address == null || address.isEmpty())) {
            ctx.note(Anomaly.IMPORTS_TRUNCATED);
            return List.of();
        }
        List<Long> table = noLookup ? address : lookup;
        long ordinalFlag = ctx.pe32Plus ? Long.MIN_VALUE : 0x80000000L;
        List<Symbol> out = new ArrayList<>();
        int invalid = 0;
        for (int idx = 0; idx < table.size(); idx++) {
            long value = table.get(idx);
            Integer ordinal = null;
            String name = null;
            if ((value & ordinalFlag) != 0) {
                ordinal = (int) (value & 0xFFFF);
            } else {
                try {
                    ctx.space.data(value, 2L);
                    Slice s = ctx.space.string(value + 2, ctx.limits.maxNameLength());
                    if (AddressSpace.hitCap(s, ctx.limits.maxNameLength())) {
                        ctx.note(Anomaly.IMPORT_NAME_CAPPED);
                    }
                    name = validFunctionName(ctx.r.array(), s) ? Text.latin1(ctx.r.array(), s.offset(), s.length())
                            : INVALID;
                } catch (PeFormatException e) {
                    name = null;
                }
            }
            if (ordinal == null && name == null) {
                throw new PeFormatException(Anomaly.IMPORTS_INVALID_ENTRY, "invalid thunk, aborting the table");
            }
            if (INVALID.equals(name)) {
                ctx.note(Anomaly.IMPORT_NAME_INVALID);
                if (invalid > 1000 && invalid == idx) {
                    throw new PeFormatException(Anomaly.IMPORTS_INVALID_ENTRY, "too many invalid names");
                }
                invalid++;
                continue;
            }
            if ((ordinal != null && ordinal != 0) || (name != null && !name.isEmpty())) {
                out.add(new Symbol(name, name == null ? ordinal : null));
            }
        }
        return out;
    }

    /** pefile's get_import_table; null means "unreadable", an empty list means "rejected as bogus". */
    private static List<Long> thunkTable(PeContext ctx, long rva, long maxLen, boolean addresses) {
        List<Long> table = new ArrayList<>();
        int size = ctx.pe32Plus ? 8 : 4;
        long ordinalFlag = ctx.pe32Plus ? Long.MIN_VALUE : 0x80000000L;
        long start = rva;
        int repeated = 0;
        Set<Long> seen32 = new HashSet<>();
        Set<Long> seen64 = new HashSet<>();
        long min32 = Long.MAX_VALUE;
        long max32 = Long.MIN_VALUE;
        long min64 = -1;
        long max64 = 0;
        while (rva != 0) {
            if (rva >= start + maxLen) {
                ctx.note(Anomaly.IMPORTS_TRUNCATED);
                break;
            }
            if (ctx.importThunkReads > ctx.limits.maxImportThunkReads()) {
                ctx.note(Anomaly.IMPORTS_CAPPED);
                break;
            }
            ctx.importThunkReads++;
            if (repeated >= MAX_REPEATED_ADDRESSES) {
                return List.of();
            }
            if (!seen32.isEmpty() && max32 - min32 > MAX_ADDRESS_SPREAD) {
                return List.of();
            }
            if (!seen64.isEmpty() && Long.compareUnsigned(max64 - min64, MAX_ADDRESS_SPREAD) > 0) {
                return List.of();
            }
            Slice d;
            try {
                d = ctx.space.data(rva, (long) size);
            } catch (PeFormatException e) {
                ctx.note(Anomaly.IMPORTS_TRUNCATED);
                return null;
            }
            if (d.length() != size) {
                ctx.note(Anomaly.IMPORTS_TRUNCATED);
                return null;
            }
            long value = size == 8 ? ctx.r.u64(d.offset()) : ctx.r.u32(d.offset());
            if (addresses) {
                value = normalize(ctx, value);
            }
            if (Long.compareUnsigned(value, start) >= 0 && Long.compareUnsigned(value, rva) <= 0) {
                ctx.note(Anomaly.IMPORTS_TRUNCATED);
                break;
            }
            if (value == 0) {
                break;
            }
            if ((value & ordinalFlag) != 0) {
                if ((value & 0x7FFFFFFFL) > 0xFFFF) {
                    return List.of();
                }
            } else if (Long.compareUnsigned(value, 1L << 32) >= 0) {
                if (!seen64.add(value)) {
                    repeated++;
                }
                min64 = Long.compareUnsigned(value, min64) < 0 ? value : min64;
                max64 = Long.compareUnsigned(value, max64) > 0 ? value : max64;
            } else {
                if (!seen32.add(value)) {
                    repeated++;
                }
                min32 = Math.min(min32, value);
                max32 = Math.max(max32, value);
            }
            rva += size;
            table.add(value);
        }
        return table;
    }

    private static final String DOS_FILENAME_EXTRA = "!#$%&'()-@^_`{}~+,.;=[]\\/";
    private static final String FUNCTION_NAME_EXTRA = "._?@$()<>";

    /** pefile's is_valid_dos_filename. */
    static boolean validDosFilename(byte[] b, Slice s) {
        for (int i = s.offset(); i < s.end(); i++) {
            char c = (char) (b[i] & 0xFF);
            if (!isAlnum(c) && DOS_FILENAME_EXTRA.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** pefile's is_valid_function_name; {@code relaxed} is the export variant. */
    static boolean validFunctionName(byte[] b, Slice s) {
        return validName(b, s, FUNCTION_NAME_EXTRA);
    }

    static boolean validName(byte[] b, Slice s, String extra) {
        for (int i = s.offset(); i < s.end(); i++) {
            char c = (char) (b[i] & 0xFF);
            if (!isAlnum(c) && extra.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static String md5(String s) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return Text.digest("MD5", b, 0, b.length);
    }
}
