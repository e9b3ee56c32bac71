package dev.merc.core.pe;

import dev.merc.core.pe.ByteReader.Slice;
import dev.merc.core.pe.PeInfo.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The resource tree walked as pefile's parse_resources_directory walks it (same caps, same early
 * exits), flattened to leaves. A directory that points back at one on its own path is a loop; the
 * global entry cap bounds trees that share sub-directories.
 */
final class ResourceParser {
    record Result(List<Resource> leaves, Map<String, String> versionInfo) {
        static final Result NONE = new Result(List.of(), null);
    }

    private final PeContext ctx;
    private final long base;
    private final List<Resource> leaves = new ArrayList<>();
    private Map<String, String> versionInfo;
    private long totalEntries;

    private ResourceParser(PeContext ctx, long base) {
        this.ctx = ctx;
        this.base = base;
    }

    static Result parse(PeContext ctx, long rva) {
        ResourceParser p = new ResourceParser(ctx, rva);
        p.directory(rva, 0, new long[] {rva}, new Object[2]);
        return new Result(List.copyOf(p.leaves), p.versionInfo);
    }

    /** Returns false where pefile's recursive call would return None (the caller then stops its loop). */
    private boolean directory(long rva, int level, long[] path, Object[] labels) {
        if (level > ctx.limits.maxResourceDepth()) {
            ctx.note(Anomaly.RESOURCE_TOO_DEEP);
            return false;
        }
        Slice d = header(rva);
        if (d == null) {
            return false;
        }
        int entries = ctx.r.u16(d.offset() + 12) + ctx.r.u16(d.offset() + 14);
        if (entries > ctx.limits.maxResourceEntriesPerDirectory()) {
            ctx.note(Anomaly.RESOURCES_CAPPED);
            return false;
        }
        totalEntries += entries;
        if (totalEntries > ctx.limits.maxResourceEntries()) {
            ctx.note(Anomaly.RESOURCES_CAPPED);
            return false;
        }
        rva += 16;
        long lastNameBegin = -1;
        long lastNameEnd = -1;
        for (int i = 0; i < entries; i++, rva += 8) {
            Slice e;
            try {
                e = ctx.space.data(rva, 8L);
            } catch (PeFormatException ex) {
                e = Slice.EMPTY;
            }
            if (e.length() < 8) {
                ctx.note(Anomaly.RESOURCES_UNREADABLE);
                break;
            }
            long name = ctx.r.u32(e.offset());
            long offsetToData = ctx.r.u32(e.offset() + 4);
            Object label;
            if ((name & 0x80000000L) == 0) {
                ResourceType rt = level == 0 ? ResourceType.of(name) : ResourceType.UNKNOWN;
                label = rt != ResourceType.UNKNOWN ? rt.pefileName() : (Object) Integer.valueOf((int) name);
            } else {
                long at = base + (name & 0x7FFFFFFFL);
                int chars = wordAt(at);
                // pefile drops the previous name and stops when names overlap (its end is in characters).
                if (lastNameBegin >= 0 && lastNameBegin < at && lastNameEnd >= at) {
                    ctx.note(Anomaly.RESOURCES_UNREADABLE);
                    break;
                }
                lastNameBegin = at;
                lastNameEnd = at + chars;
                // Names are cut at maxNameLength units so 0x8000 entries cannot each decode 64 Ki units.
                String text = utf16(at + 2, Math.min(chars, ctx.limits.maxNameLength()));
                if (chars > ctx.limits.maxNameLength() && text.length() >= ctx.limits.maxNameLength()) {
                    ctx.note(Anomaly.RESOURCE_NAME_CAPPED);
                }
                label = text;
            }
            if ((offsetToData & 0x80000000L) != 0) {
                long target = base + (offsetToData & 0x7FFFFFFFL);
                boolean loop = false;
                for (long p : path) {
                    loop |= p == target;
                }
                if (loop) {
                    ctx.note(Anomaly.RESOURCE_LOOP);
                    break;
                }
                long[] deeper = java.util.Arrays.copyOf(path, path.length + 1);
                deeper[path.length] = target;
                Object[] sub = labels.clone();
                if (level < 2) {
                    sub[level] = label;
                }
                if (!directory(target, level + 1, deeper, sub)) {
                    break;
                }
            } else {
                if (!leaf(base + offsetToData, name, level, label, labels)) {
                    break;
                }
            }
        }
        return true;
    }

    /** The 16-byte structure at rva (directory header or data entry), or null, noted, if unreadable. */
    private Slice header(long rva) {
        try {
            Slice d = ctx.space.data(rva, 16L);
            if (d.length() >= 16) {
                return d;
            }
        } catch (PeFormatException e) {
            // noted below
        }
        ctx.note(Anomaly.RESOURCES_UNREADABLE);
        return null;
    }

    private boolean leaf(long entryRva, long name, int level, Object label, Object[] labels) {
        Slice d = header(entryRva);
        if (d == null) {
            return false;
        }
        long dataRva = ctx.r.u32(d.offset());
        long size = ctx.r.u32(d.offset() + 4);
        Object type = level == 0 ? label : labels[0];
        Object resName = level == 1 ? label : level >= 2 ? labels[1] : null;
        Long offset = null;
        Double entropy = null;
        String sha256 = null;
        try {
            offset = ctx.space.offset(dataRva);
            Slice content = size == 0 ? Slice.EMPTY : ctx.space.data(dataRva, size);
            byte[] b = ctx.r.array();
            if (ctx.spendHashBudget(content.length())) {
                entropy = Text.entropy(b, content.offset(), content.length());
                sha256 = Text.digest("SHA-256", b, content.offset(), content.length());
            }
            if (ResourceType.VERSION.pefileName().equals(type) && versionInfo == null) {
                versionInfo = VersionInfoParser.parse(ctx, content);
            }
        } catch (PeFormatException e) {
            ctx.note(Anomaly.RESOURCES_UNREADABLE);
        }
        leaves.add(new Resource(type, resName, (int) (name & 0x3FF), (int) (name >>> 10), offset, size, entropy,
                sha256));
        return true;
    }

    private int wordAt(long rva) {
        try {
            Slice s = ctx.space.data(rva, 2L);
            return s.length() < 2 ? 0 : ctx.r.u16(s.offset());
        } catch (PeFormatException e) {
            return 0;
        }
    }

    /** pefile's get_string_u_at_rva: up to {@code chars} UTF-16 units, stopping at a NUL unit. */
    private String utf16(long rva, int chars) {
        if (chars == 0) {
            return "";
        }
        try {
            Slice s = ctx.space.data(rva, 2L * chars);
            return VersionInfoParser.utf16z(ctx.r, s.offset(), s.length());
        } catch (PeFormatException e) {
            return "";
        }
    }
}
