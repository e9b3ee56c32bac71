package dev.merc.core.pe;

/** pefile's generate_checksum over the file as it is (pefile re-packs headers first; for an unmodified file that is the same bytes). */
final class Checksum {
    private Checksum() {
    }

    static long compute(ByteReader r, long checksumFieldOffset) {
        int len = r.length();
        byte[] d = r.array();
        long skip = checksumFieldOffset / 4;
        long sum = 0;
        long words = (len + 3L) / 4;
        for (long i = 0; i < words; i++) {
            if (i == skip) {
                continue;
            }
            int o = (int) (i * 4);
            long dword = 0;
            for (int k = 3; k >= 0; k--) {
                dword = dword << 8 | (o + k < len ? d[o + k] & 0xFF : 0);
            }
            sum += dword;
            if (sum >= 1L << 32) {
                sum = (sum & 0xFFFFFFFFL) + (sum >>> 32);
            }
        }
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = sum + (sum >>> 16);
        sum &= 0xFFFF;
        return sum + len;
    }
}
