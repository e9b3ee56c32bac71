package dev.merc.core.pe;

import dev.merc.core.pe.ByteReader.Slice;
import dev.merc.core.pe.PeInfo.Debug;
import dev.merc.core.pe.PeInfo.DotNet;
import dev.merc.core.pe.PeInfo.Tls;
import java.util.ArrayList;
import java.util.List;

/** The small directories: debug (with CodeView), TLS callbacks and the CLR header. */
final class DirectoryParsers {
    private static final int DEBUG_ENTRY_SIZE = 28;
    private static final int MAX_PDB_PATH = 0x1000;
    private static final long CODEVIEW = DebugType.CODEVIEW.code();

    private DirectoryParsers() {
    }

    /** pefile's parse_debug_directory: any unreadable entry discards the whole list, as in pefile. */
    static List<Debug> debug(PeContext ctx, long rva, long size) {
        long count = size / DEBUG_ENTRY_SIZE;
        if (count > ctx.limits.maxDebugEntries()) {
            ctx.note(Anomaly.DEBUG_CAPPED);
            count = ctx.limits.maxDebugEntries();
        }
        List<Debug> out = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            Slice d;
            try {
                d = ctx.space.data(rva + DEBUG_ENTRY_SIZE * i, (long) DEBUG_ENTRY_SIZE);
            } catch (PeFormatException e) {
                ctx.note(Anomaly.DEBUG_UNREADABLE);
                return List.of();
            }
            if (d.length() < DEBUG_ENTRY_SIZE) {
                ctx.note(Anomaly.DEBUG_UNREADABLE);
                return List.of();
            }
            long timestamp = ctx.r.u32(d.offset() + 4);
            long type = ctx.r.u32(d.offset() + 12);
            long sizeOfData = ctx.r.u32(d.offset() + 16);
            long pointer = ctx.r.u32(d.offset() + 24);
            out.add(DebugType.of(type) == DebugType.CODEVIEW ? codeView(ctx, timestamp, pointer, sizeOfData)
                    : new Debug(type, timestamp, null, null, null));
        }
        return List.copyOf(out);
    }

    /** CodeView record at a file offset; pefile reads it only when all SizeOfData bytes are in the file. */
    private static Debug codeView(PeContext ctx, long timestamp, long pointer, long size) {
        ByteReader r = ctx.r;
        if (!r.has(pointer, size) || size < 4) {
            return new Debug(CODEVIEW, timestamp, null, null, null);
        }
        long sig = r.u32(pointer);
        if (sig == 0x53445352L && size >= 24) { // "RSDS"
            String guid = String.format("%08x-%04x-%04x-%02x%02x-", r.u32(pointer + 4), r.u16(pointer + 8),
                    r.u16(pointer + 10), r.u8(pointer + 12), r.u8(pointer + 13));
            StringBuilder g = new StringBuilder(guid);
            for (int k = 14; k < 20; k++) {
                g.append(String.format("%02x", r.u8(pointer + k)));
            }
            return new Debug(CODEVIEW, timestamp, pdbPath(ctx, pointer + 24, size - 24), g.toString(), r.u32(pointer + 20));
        }
        if (sig == 0x3031424EL && size >= 16) { // "NB10"
            return new Debug(CODEVIEW, timestamp, pdbPath(ctx, pointer + 16, size - 16),
                    String.format("%08x", r.u32(pointer + 8)), r.u32(pointer + 12));
        }
        return new Debug(CODEVIEW, timestamp, null, null, null);
    }

    private static String pdbPath(PeContext ctx, long offset, long length) {
        ByteReader r = ctx.r;
        // A path longer than MAX_PATH-scale 4 KiB is not a path; the cap keeps 64 entries cheap.
        Slice s = r.untilNul(r.slice(offset, Math.min(length, MAX_PDB_PATH)));
        if (length > MAX_PDB_PATH && AddressSpace.hitCap(s, MAX_PDB_PATH)) {
            ctx.note(Anomaly.PDB_PATH_CAPPED);
        }
        return s.length() == 0 && length <= 0 ? null : Text.utf8BackslashReplace(r.array(), s.offset(), s.length());
    }

    /** TLS directory; callbacks are read from the VA array until a zero entry, capped. */
    static Tls tls(PeContext ctx, long rva) {
        int width = ctx.pe32Plus ? 8 : 4;
        int structSize = ctx.pe32Plus ? 40 : 24;
        Slice d;
        try {
            d = ctx.space.data(rva, (long) structSize);
        } catch (PeFormatException e) {
            ctx.note(Anomaly.TLS_UNREADABLE);
            return null;
        }
        if (d.length() < structSize) {
            ctx.note(Anomaly.TLS_UNREADABLE);
            return null;
        }
        long callbacksVa = width == 8 ? ctx.r.u64(d.offset() + 24) : ctx.r.u32(d.offset() + 12);
        List<Long> callbacks = new ArrayList<>();
        if (callbacksVa != 0) {
            long at = callbacksVa - ctx.imageBase;
            for (int i = 0; ; i++) {
                if (i >= ctx.limits.maxTlsCallbacks()) {
                    ctx.note(Anomaly.TLS_CALLBACKS_CAPPED);
                    break;
                }
                long entry = at + (long) width * i;
                Slice c;
                try {
                    c = entry < 0 ? Slice.EMPTY : ctx.space.data(entry, (long) width);
                } catch (PeFormatException e) {
                    c = Slice.EMPTY;
                }
                if (c.length() < width) {
                    ctx.note(Anomaly.TLS_UNREADABLE);
                    break;
                }
                long va = width == 8 ? ctx.r.u64(c.offset()) : ctx.r.u32(c.offset());
                if (va == 0) {
                    break;
                }
                callbacks.add(va);
            }
        }
        return new Tls(List.copyOf(callbacks));
    }

    /** runtime_version is the metadata root's version string ("v4.0.30319"). */
    static DotNet dotnet(PeContext ctx, long rva) {
        try {
            Slice h = ctx.space.data(rva, 16L);
            if (h.length() < 16) {
                ctx.note(Anomaly.CLR_HEADER_UNREADABLE);
                return new DotNet(null);
            }
            long metadata = ctx.r.u32(h.offset() + 8);
            Slice m = ctx.space.data(metadata, 16L);
            if (m.length() < 16 || ctx.r.u32(m.offset()) != 0x424A5342L) { // "BSJB"
                ctx.note(Anomaly.CLR_HEADER_UNREADABLE);
                return new DotNet(null);
            }
            long length = Math.min(ctx.r.u32(m.offset() + 12), 255);
            Slice v = ctx.r.untilNul(ctx.space.data(metadata + 16, Math.max(1, length)));
            return new DotNet(Text.utf8BackslashReplace(ctx.r.array(), v.offset(), v.length()));
        } catch (PeFormatException e) {
            ctx.note(Anomaly.CLR_HEADER_UNREADABLE);
            return new DotNet(null);
        }
    }
}
