package dev.merc.core.fuzzy;

/** TLSH digests ({@link TlshHasher}) and the distance between two of them, as {@code tlsh -c} 3.4.4 computes it. */
public final class Tlsh {
    private static final int DIGEST_HEX = 2 * (3 + TlshHasher.CODE_SIZE);
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    /** Distance between two 2-bit quartile codes: 0, 1, 2, or 6 for opposite ends. */
    private static final int[] PAIR_DIFF = {0, 1, 2, 6};
    /** Summed pair distances of every two code bytes, indexed {@code x << 8 | y}. */
    private static final byte[] BYTE_DIFF = new byte[256 * 256];

    static {
        for (int x = 0; x < 256; x++) {
            for (int y = 0; y < 256; y++) {
                int d = 0;
                for (int s = 0; s < 8; s += 2) {
                    d += PAIR_DIFF[Math.abs(((x >>> s) & 3) - ((y >>> s) & 3))];
                }
                BYTE_DIFF[x << 8 | y] = (byte) d;
            }
        }
    }

    private Tlsh() {
    }

    /** {@code T1} + the 70 hex characters tlsh 3.4.4 gives for {@code data[0..length)}, or null where it gives none. */
    public static String hash(byte[] data, int length) {
        TlshHasher hasher = new TlshHasher();
        hasher.update(data, 0, length);
        return hasher.digest();
    }

    /** The distance including the length difference, as {@code tlsh -c} gives it by default. */
    public static int distance(String a, String b) {
        return distance(a, b, true);
    }

    /**
     * TLSH distance: 0 for identical digests, growing without a fixed bound as they differ.
     *
     * @param a a digest, with or without the {@code T1} prefix
     * @param includeLength false to ignore the length byte, as {@code tlsh -xlen} does
     * @throws IllegalArgumentException if a digest is not 70 hex characters (after an optional {@code T1})
     */
    public static int distance(String a, String b, boolean includeLength) {
        byte[] x = parse(a);
        byte[] y = parse(b);
        int diff = 0;
        if (includeLength) {
            int ldiff = modDiff(TlshHasher.swapNibbles(x[1] & 0xff), TlshHasher.swapNibbles(y[1] & 0xff), 256);
            diff += ldiff <= 1 ? ldiff : ldiff * 12;
        }
        // The Q byte holds the q1 ratio in its high nibble and the q2 ratio in its low nibble.
        int q1diff = modDiff((x[2] & 0xff) >>> 4, (y[2] & 0xff) >>> 4, 16);
        diff += q1diff <= 1 ? q1diff : (q1diff - 1) * 12;
        int q2diff = modDiff(x[2] & 0x0f, y[2] & 0x0f, 16);
        diff += q2diff <= 1 ? q2diff : (q2diff - 1) * 12;
        if (x[0] != y[0]) {
            diff++;
        }
        for (int i = 3; i < x.length; i++) {
            diff += BYTE_DIFF[(x[i] & 0xff) << 8 | (y[i] & 0xff)];
        }
        return diff;
    }

    /** Distance on a circle of {@code range} values. */
    private static int modDiff(int x, int y, int range) {
        int d = Math.abs(x - y);
        return Math.min(d, range - d);
    }

    private static byte[] parse(String digest) {
        String hex = digest.length() == DIGEST_HEX + 2 && (digest.startsWith("T1") || digest.startsWith("t1"))
                ? digest.substring(2) : digest;
        if (hex.length() != DIGEST_HEX) {
            throw new IllegalArgumentException("not a 128-bucket, 1-byte-checksum TLSH digest: " + digest);
        }
        byte[] out = new byte[DIGEST_HEX / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = hexValue(hex.charAt(2 * i));
            int lo = hexValue(hex.charAt(2 * i + 1));
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("not a hex TLSH digest: " + digest);
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }

    static String toHex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >>> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }
}
