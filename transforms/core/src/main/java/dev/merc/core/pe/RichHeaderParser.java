package dev.merc.core.pe;

import dev.merc.core.pe.PeInfo.Rich;
import dev.merc.core.pe.PeInfo.RichEntry;
import java.util.ArrayList;
import java.util.List;

/** pefile's parse_rich_header and get_rich_header_hash (md5 of the key-decoded bytes from 0x80 up to "Rich"). */
final class RichHeaderParser {
    private static final long DANS = 0x536E6144L;
    private static final long RICH = 0x68636952L;

    private RichHeaderParser() {
    }

    static Rich parse(ByteReader r, long optionalHeaderOffset, java.util.Set<Anomaly> anomalies) {
        byte[] d = r.array();
        long searchEnd = Math.min(optionalHeaderOffset, r.length());
        int richIndex = -1;
        for (long i = 0x80; i + 4 <= searchEnd; i++) {
            int o = (int) i;
            if (d[o] == 'R' && d[o + 1] == 'i' && d[o + 2] == 'c' && d[o + 3] == 'h') {
                richIndex = o;
                break;
            }
        }
        if (richIndex < 0) {
            return null;
        }
        long blockEnd = Math.min((long) richIndex + 8, r.length());
        int words = (int) ((blockEnd - 0x80) / 4);
        int richWord = -1;
        for (int i = 0; i < words; i++) {
            if (r.u32(0x80 + 4L * i) == RICH) {
                richWord = i;
                break;
            }
        }
        if (richWord < 0 || richWord + 1 >= words || words < 4) {
            return null;
        }
        long key = r.u32(0x80 + 4L * (richWord + 1));
        long checksum = r.u32(0x84);
        if ((r.u32(0x80) ^ checksum) != DANS || r.u32(0x88) != checksum || r.u32(0x8C) != checksum) {
            anomalies.add(Anomaly.RICH_HEADER_MALFORMED);
            return null;
        }
        List<RichEntry> entries = new ArrayList<>();
        for (int i = 4; i + 1 < words; i += 2) {
            long a = r.u32(0x80 + 4L * i);
            if (a == RICH) {
                break;
            }
            long compId = a ^ checksum;
            long count = r.u32(0x80 + 4L * (i + 1)) ^ checksum;
            entries.add(new RichEntry((int) (compId >>> 16), (int) (compId & 0xFFFF), count));
        }
        return new Rich(List.copyOf(entries), checksum, clearDataMd5(d, richIndex - 0x80, key));
    }

    /** md5 of the bytes from 0x80 up to the first "Rich", each XORed with the key; digested in small chunks. */
    private static String clearDataMd5(byte[] d, int length, long key) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("MD5");
            byte[] chunk = new byte[256];
            for (int done = 0; done < length; done += chunk.length) {
                int n = Math.min(chunk.length, length - done);
                for (int i = 0; i < n; i++) {
                    int at = done + i;
                    chunk[i] = (byte) (d[0x80 + at] ^ (key >>> (8 * (at % 4))));
                }
                md.update(chunk, 0, n);
            }
            return Text.hex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
