package dev.merc.core.pe;

import dev.merc.core.pe.ByteReader.Slice;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The StringFileInfo key/value pairs of a VS_VERSIONINFO resource (null when there are none). Every block is
 * {wLength, wValueLength, wType, szKey, padding, value, padding, children} and is read only
 * inside its parent's bounds, so a lying wLength cannot reach outside the resource.
 */
final class VersionInfoParser {
    private VersionInfoParser() {
    }

    static Map<String, String> parse(PeContext ctx, Slice res) {
        Map<String, String> out = new LinkedHashMap<>();
        ByteReader r = ctx.r;
        long start = res.offset();
        long end = res.end();
        Block root = Block.read(r, start, start, end);
        if (root == null || !root.key.equals("VS_VERSION_INFO")) {
            ctx.note(Anomaly.VERSION_INFO_CORRUPT);
            return null;
        }
        for (long c = root.children(start); c + 6 <= root.end; ) {
            Block fileInfo = Block.read(r, start, c, root.end);
            if (fileInfo == null) {
                break;
            }
            if (fileInfo.key.equals("StringFileInfo")) {
                for (long t = fileInfo.children(start); t + 6 <= fileInfo.end; ) {
                    Block table = Block.read(r, start, t, fileInfo.end);
                    if (table == null) {
                        break;
                    }
                    // Within a table a repeated key keeps its last value, across tables the first (as pefile's dicts).
                    Map<String, String> entries = new LinkedHashMap<>();
                    for (long s = table.children(start); s + 6 <= table.end; ) {
                        Block str = Block.read(r, start, s, table.end);
                        if (str == null) {
                            break;
                        }
                        if (entries.size() >= ctx.limits.maxVersionInfoEntries()) {
                            ctx.note(Anomaly.VERSION_INFO_CAPPED);
                            break;
                        }
                        // pefile reads at most wValueLength characters of the value, whatever wType says.
                        long v = str.valueStart;
                        entries.put(str.key, utf16z(r, v, Math.min(2L * str.valueLength, end - v)));
                        s = align(start, str.end);
                    }
                    entries.forEach(out::putIfAbsent);
                    t = align(start, table.end);
                }
            }
            c = align(start, fileInfo.end);
        }
        return out.isEmpty() ? null : out;
    }

    private static long align(long base, long at) {
        return base + ((at - base + 3) & ~3L);
    }

    /** UTF-16LE units from {@code offset} up to a NUL unit or {@code byteLen}. */
    static String utf16z(ByteReader r, long offset, long byteLen) {
        StringBuilder sb = new StringBuilder();
        for (long i = 0; i + 1 < byteLen; i += 2) {
            int u = r.u16(offset + i);
            if (u == 0) {
                break;
            }
            sb.append((char) u);
        }
        return sb.toString();
    }

    private record Block(long end, String key, long valueStart, long valueBytes, int valueLength) {
        /** A block at {@code at} clipped to {@code limit}; null when it is too small to hold a header. */
        static Block read(ByteReader r, long base, long at, long limit) {
            if (at + 6 > limit) {
                return null;
            }
            int length = r.u16(at);
            int valueLength = r.u16(at + 2);
            int type = r.u16(at + 4);
            if (length < 6) {
                return null;
            }
            long end = Math.min(at + length, limit);
            StringBuilder key = new StringBuilder();
            long p = at + 6;
            while (p + 2 <= end) {
                int u = r.u16(p);
                p += 2;
                if (u == 0) {
                    break;
                }
                key.append((char) u);
            }
            long valueStart = align(base, p);
            long valueBytes = type == 1 ? 2L * valueLength : valueLength;
            return new Block(end, key.toString(), valueStart, valueBytes, valueLength);
        }

        long children(long base) {
            return align(base, valueStart + valueBytes);
        }
    }
}
