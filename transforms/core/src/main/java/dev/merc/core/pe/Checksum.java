package dev.merc.core.pe;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * pefile's generate_checksum over the file as it is (pefile re-packs headers first; for an
 * unmodified file that is the same bytes).
 *
 * <p>pefile adds the little-endian dwords one by one (the last one zero-padded, the checksum field
 * skipped), folding the carry back in whenever the sum reaches 2^32. That is addition modulo
 * 2^32 - 1 with the result kept in [1, 2^32] once any dword is non-zero, so here the dwords are
 * summed exactly in a long and reduced once; the one residue with two representations in that
 * range (1 and 2^32) folds to the same 16-bit checksum.
 */
final class Checksum {
    private static final VarHandle INTS =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long MOD = 0xFFFFFFFFL;

    private Checksum() {
    }

    static long compute(ByteReader r, long checksumFieldOffset) {
        int len = r.length();
        byte[] d = r.array();
        long sum = 0; // at most 2^29 dwords below 2^32: no overflow
        int whole = len & ~3;
        for (int o = 0; o < whole; o += 4) {
            sum += Integer.toUnsignedLong((int) INTS.get(d, o));
        }
        sum += dword(d, whole, len);
        long skip = checksumFieldOffset / 4 * 4;
        if (skip >= 0 && skip < len) {
            sum -= dword(d, (int) skip, len);
        }
        long folded = sum == 0 ? 0 : (sum - 1) % MOD + 1;
        folded = (folded & 0xFFFF) + (folded >>> 16);
        folded = folded + (folded >>> 16);
        folded &= 0xFFFF;
        return folded + len;
    }

    /** The dword at {@code o}, zero-padded past {@code len}; 0 when it starts at the end. */
    private static long dword(byte[] d, int o, int len) {
        long v = 0;
        for (int k = Math.min(3, len - 1 - o); k >= 0; k--) {
            v = v << 8 | (d[o + k] & 0xFF);
        }
        return v;
    }
}
