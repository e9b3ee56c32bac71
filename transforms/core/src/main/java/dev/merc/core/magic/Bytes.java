package dev.merc.core.magic;

import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked reads with libmagic's offset rules: offsets are unsigned 32-bit, a read is valid only when all its
 * bytes lie below {@code n}, and {@link #NONE} stands for "this read failed" (which libmagic treats as no value).
 */
final class Bytes {
    static final long NONE = -1;
    private static final long U32 = 0xFFFFFFFFL;

    private final byte[] d;
    final long n;

    Bytes(byte[] d, int n) {
        this.d = d;
        this.n = n;
    }

    boolean has(long off, long len) {
        return off >= 0 && off <= n && len <= n - off;
    }

    int u8(long off) {
        return has(off, 1) ? d[(int) off] & 0xFF : -1;
    }

    int u16(long off) {
        return has(off, 2) ? (d[(int) off] & 0xFF) | (d[(int) off + 1] & 0xFF) << 8 : -1;
    }

    long u32(long off) {
        if (!has(off, 4)) {
            return NONE;
        }
        int i = (int) off;
        return ((d[i] & 0xFFL) | (d[i + 1] & 0xFFL) << 8 | (d[i + 2] & 0xFFL) << 16 | (d[i + 3] & 0xFFL) << 24);
    }

    /** Signed little-endian 32-bit value, or null when out of range. */
    Integer s32(long off) {
        long v = u32(off);
        return v == NONE ? null : (int) v;
    }

    /** Signed little-endian 16-bit value, or null when out of range. */
    Integer s16(long off) {
        int v = u16(off);
        return v < 0 ? null : (int) (short) v;
    }

    boolean str(long off, String s) {
        return str(off, s.getBytes(StandardCharsets.ISO_8859_1));
    }

    boolean str(long off, byte[] s) {
        if (!has(off, s.length)) {
            return false;
        }
        for (int i = 0; i < s.length; i++) {
            if (d[(int) off + i] != s[i]) {
                return false;
            }
        }
        return true;
    }

    /** libmagic {@code search/range}: end offset of the first match starting within range bytes of off, or NONE. */
    long search(long off, int range, String pattern) {
        byte[] p = pattern.getBytes(StandardCharsets.ISO_8859_1);
        if (p.length == 0 || off == NONE || !has(off, p.length)) {
            return NONE;
        }
        int start = (int) off;
        int last = (int) (off + Math.min(n - off, (long) range + p.length) - p.length);
        byte first = p[0];
        for (int i = start; i <= last; i++) {
            if (d[i] == first && str(i, p)) {
                return (long) i + p.length;
            }
        }
        return NONE;
    }

    /**
     * libmagic's unsigned indirect offset {@code (ptr.w*mul+add)}: reads a width-byte value at ptr, then applies the
     * operation the way do_ops does (results at or above 2^32-1 fail; negative results wrap to 32 bits).
     */
    long ind(long ptr, int width, long mul, long add) {
        long lhs = width == 2 ? u16(ptr) : width == 1 ? u8(ptr) : u32(ptr);
        if (lhs < 0 || lhs >= U32) {
            return NONE;
        }
        long v = lhs * mul + add;
        return v >= U32 ? NONE : v & U32;
    }

    /**
     * libmagic's {@code (ptr.l+(k))}: the parenthesised addend is itself read, as a 32-bit value at ptr+k; so this is
     * {@code u32(ptr) + u32(ptr+k)}, with do_ops' overflow rules.
     */
    long indPlusRead(long ptr, long k) {
        long lhs = u32(ptr);
        long add = u32(ptr + k);
        if (lhs == NONE || add == NONE || lhs >= U32 || add >= U32 || lhs + add >= U32) {
            return NONE;
        }
        return lhs + add;
    }

    long ind32(long ptr, long add) {
        return ind(ptr, 4, 1, add);
    }

    /** libmagic's {@code &(...)}: an indirect offset made relative to the previous level's end; 0 means failure. */
    static long rel(long base, long indirect) {
        if (indirect == NONE || base == NONE) {
            return NONE;
        }
        long v = (indirect + base) & U32;
        return v == 0 ? NONE : v;
    }

    /** A NUL- or newline-terminated string at off, at most max bytes, as libmagic's {@code string x %s} prints. */
    String cstr(long off, int max) {
        if (!has(off, 1)) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (long i = off; i < n && i < off + max; i++) {
            int c = d[(int) i] & 0xFF;
            if (c == 0 || c == '\n' || c == '\r') {
                break;
            }
            sb.append((char) c);
        }
        return sb.toString();
    }
}
