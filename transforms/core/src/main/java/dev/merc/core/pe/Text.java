package dev.merc.core.pe;

import dev.merc.core.bytes.ByteCounts;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Decoding and digest helpers shared by the parsers. */
final class Text {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Text() {
    }

    /** Section name as pefile users see it: trailing NULs removed, then UTF-8 with \xNN for bad bytes. */
    static String sectionName(byte[] raw) {
        int end = raw.length;
        while (end > 0 && raw[end - 1] == 0) {
            end--;
        }
        return utf8BackslashReplace(raw, 0, end);
    }

    /** Python's bytes.decode("utf-8", "backslashreplace"). */
    static String utf8BackslashReplace(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder(len);
        int i = off;
        int end = off + len;
        while (i < end) {
            int c = b[i] & 0xFF;
            int n = c < 0x80 ? 0 : c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : -1;
            if (n == 0) {
                sb.append((char) c);
                i++;
                continue;
            }
            int cp = n < 0 ? -1 : c & (0x3F >> n);
            boolean ok = n > 0 && i + n < end;
            for (int k = 1; ok && k <= n; k++) {
                int cc = b[i + k] & 0xFF;
                if ((cc & 0xC0) != 0x80) {
                    ok = false;
                } else {
                    cp = cp << 6 | (cc & 0x3F);
                }
            }
            // Reject overlong forms, surrogates and values past U+10FFFF, as Python does.
            if (ok && (n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) || n == 3 && (cp < 0x10000 || cp > 0x10FFFF))) {
                ok = false;
            }
            if (ok) {
                sb.appendCodePoint(cp);
                i += n + 1;
            } else {
                sb.append("\\x").append(HEX[c >> 4]).append(HEX[c & 15]);
                i++;
            }
        }
        return sb.toString();
    }

    /** Bytes as Latin-1 text: import and export names are ASCII once pefile's checks pass. */
    static String latin1(byte[] b, int off, int len) {
        return new String(b, off, len, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    static String hex(byte[] digest) {
        char[] out = new char[digest.length * 2];
        for (int i = 0; i < digest.length; i++) {
            out[2 * i] = HEX[(digest[i] >> 4) & 15];
            out[2 * i + 1] = HEX[digest[i] & 15];
        }
        return new String(out);
    }

    static String digest(String algorithm, byte[] b, int off, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            md.update(b, off, len);
            return hex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Shannon entropy in bits per byte; 0 for no data (pefile's entropy_H). */
    static double entropy(byte[] b, int off, int len) {
        if (len == 0) {
            return 0.0;
        }
        long[] counts = ByteCounts.histogram(b, off, len);
        double h = 0;
        for (long c : counts) {
            if (c > 0) {
                double p = (double) c / len;
                h -= p * (Math.log(p) / Math.log(2));
            }
        }
        return h;
    }
}
