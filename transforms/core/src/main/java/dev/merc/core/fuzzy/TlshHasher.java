package dev.merc.core.fuzzy;

/**
 * Streaming TLSH, the 128-bucket / 1-byte-checksum variant that Debian's {@code tlsh} 3.4.4 prints. Every 5-byte
 * window adds 6 of its byte triplets to 256 Pearson-hashed buckets (only the first 128 are used); the digest
 * encodes each used bucket as its quartile (2 bits), plus a rolling checksum, the log-scaled length and two
 * quartile ratios. Not thread-safe; one instance per input.
 */
public final class TlshHasher {
    /** Below this many bytes tlsh 3.4.4 gives no digest. */
    public static final int MIN_DATA_LENGTH = 256;
    static final int EFF_BUCKETS = 128;
    static final int CODE_SIZE = EFF_BUCKETS / 4;

    /** Pearson's permutation table used by TLSH. */
    static final int[] V = {
        1, 87, 49, 12, 176, 178, 102, 166, 121, 193, 6, 84, 249, 230, 44, 163,
        14, 197, 213, 181, 161, 85, 218, 80, 64, 239, 24, 226, 236, 142, 38, 200,
        110, 177, 104, 103, 141, 253, 255, 50, 77, 101, 81, 18, 45, 96, 31, 222,
        25, 107, 190, 70, 86, 237, 240, 34, 72, 242, 20, 214, 244, 227, 149, 235,
        97, 234, 57, 22, 60, 250, 82, 175, 208, 5, 127, 199, 111, 62, 135, 248,
        174, 169, 211, 58, 66, 154, 106, 195, 245, 171, 17, 187, 182, 179, 0, 243,
        132, 56, 148, 75, 128, 133, 158, 100, 130, 126, 91, 13, 153, 246, 216, 219,
        119, 68, 223, 78, 83, 88, 201, 99, 122, 11, 92, 32, 136, 114, 52, 10,
        138, 30, 48, 183, 156, 35, 61, 26, 143, 74, 251, 94, 129, 162, 63, 152,
        170, 7, 115, 167, 241, 206, 3, 150, 55, 59, 151, 220, 90, 53, 23, 131,
        125, 173, 15, 238, 79, 95, 89, 16, 105, 137, 225, 224, 217, 160, 37, 123,
        118, 73, 2, 157, 46, 116, 9, 145, 134, 228, 207, 212, 202, 215, 69, 229,
        27, 188, 67, 124, 168, 252, 42, 4, 29, 108, 21, 247, 19, 205, 39, 203,
        233, 40, 186, 147, 198, 192, 155, 33, 164, 191, 98, 204, 165, 180, 117, 76,
        140, 36, 210, 172, 41, 54, 159, 8, 185, 232, 113, 196, 231, 47, 146, 120,
        51, 65, 28, 144, 254, 221, 93, 189, 194, 139, 112, 43, 71, 109, 184, 209,
    };

    /*
     * Each triplet mapping is 4 chained Pearson steps: the salt, the newest byte j, one older byte x, then a third
     * byte y. The first three steps depend only on (x, j), so they are tabulated per byte pair with several salts
     * packed in one int: PAIR_A[x << 8 | j] holds salts 0 (the checksum), 2, 3 and 11 in bytes 0..3; PAIR_B holds
     * salts 5, 7 and 13. The last step is V[t ^ y]; since V is a permutation, the loop counts t ^ y instead and
     * applies V once per bucket at the end. 2 x 256 KiB of tables fit in L2 and save most lookups per byte.
     */
    private static final int[] PAIR_A = pairTable(0, 2, 3, 11);
    private static final int[] PAIR_B = pairTable(5, 7, 13);

    private static int[] pairTable(int... salts) {
        int[] t = new int[256 * 256];
        for (int j = 0; j < 256; j++) {
            for (int x = 0; x < 256; x++) {
                int packed = 0;
                for (int n = 0; n < salts.length; n++) {
                    packed |= V[V[V[salts[n]] ^ j] ^ x] << (8 * n);
                }
                t[x << 8 | j] = packed;
            }
        }
        return t;
    }

    /** Counts of V's input, {@code V[i]}'s bucket count being {@code counts[i]}. */
    private final int[] counts = new int[256];
    private int checksum;
    /** Byte count modulo 2^32, as tlsh's unsigned int keeps it. */
    private int dataLen;
    /** The previous four bytes, the newest in the low byte. */
    private int window;

    public void update(byte[] buf, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, buf.length);
        int p = off;
        final int end = off + len;
        // The first 4 bytes of the input only fill the window.
        for (; p < end && Integer.compareUnsigned(dataLen + (p - off), 4) < 0; p++) {
            window = (window << 8) | (buf[p] & 0xff);
        }
        dataLen += len;
        if (p == end) {
            return;
        }
        // Counting into a fresh array of known length lets the JIT drop the bounds checks on the masked indexes
        // (measured ~12% faster than counting into the field); it is one 1 KiB allocation per call, not per byte.
        final int[] cnt = new int[256];
        final int[] v = V;
        final int[] pairA = PAIR_A;
        final int[] pairB = PAIR_B;
        int w = window;
        int sum = checksum;
        for (; p < end; p++) {
            // w holds the bytes 1, 2, 3 and 4 positions back in its bytes 0, 1, 2 and 3.
            int j = buf[p] & 0xff;
            int pa = pairA[((w << 8) & 0xff00) | j];
            int pb = pairB[(w & 0xff00) | j];
            int pc = pairB[((w >>> 8) & 0xff00) | j];
            sum = v[(pa ^ sum) & 0xff];
            // Each triplet's third byte is xored into its lane straight from the window.
            int qa = pa ^ w;
            cnt[(qa >>> 8) & 0xff]++;
            cnt[(qa >>> 16) & 0xff]++;
            cnt[qa >>> 24]++;
            int qb = pb ^ (w >>> 16);
            cnt[qb & 0xff]++;
            cnt[(qb >>> 8) & 0xff]++;
            cnt[((pc ^ (w >>> 8)) >>> 16) & 0xff]++;
            w = (w << 8) | j;
        }
        window = w;
        checksum = sum;
        for (int i = 0; i < 256; i++) {
            counts[i] += cnt[i];
        }
    }

    /**
     * @return the 70 hex characters {@code tlsh -f} prints, prefixed with {@code T1}; or null where tlsh gives no
     *     digest: fewer than 256 bytes, or half or more of the 128 buckets empty
     */
    public String digest() {
        if (Integer.compareUnsigned(dataLen, MIN_DATA_LENGTH) < 0) {
            return null;
        }
        // Counts are unsigned 32-bit in tlsh (they wrap only for inputs of gigabytes of one repeated byte).
        long[] buckets = new long[256];
        for (int i = 0; i < 256; i++) {
            buckets[V[i]] = counts[i] & 0xffffffffL;
        }
        long[] sorted = java.util.Arrays.copyOf(buckets, EFF_BUCKETS);
        int nonzero = 0;
        for (long k : sorted) {
            if (k != 0) {
                nonzero++;
            }
        }
        if (nonzero <= EFF_BUCKETS / 2) {
            return null;
        }
        java.util.Arrays.sort(sorted);
        long q1 = sorted[EFF_BUCKETS / 4 - 1];
        long q2 = sorted[EFF_BUCKETS / 2 - 1];
        long q3 = sorted[EFF_BUCKETS - EFF_BUCKETS / 4 - 1];

        byte[] out = new byte[3 + CODE_SIZE];
        out[0] = (byte) swapNibbles(checksum);
        out[1] = (byte) swapNibbles(lCapturing(dataLen));
        out[2] = (byte) ((ratio(q1, q3) << 4) | ratio(q2, q3));
        for (int i = 0; i < CODE_SIZE; i++) {
            int h = 0;
            for (int j = 0; j < 4; j++) {
                long k = buckets[4 * i + j];
                int quartile = q3 < k ? 3 : q2 < k ? 2 : q1 < k ? 1 : 0;
                h |= quartile << (j * 2);
            }
            // The body is written last bucket group first.
            out[3 + CODE_SIZE - 1 - i] = (byte) h;
        }
        return "T1" + Tlsh.toHex(out);
    }

    /** tlsh's {@code (unsigned)((float)(q * 100) / (float) q3) % 16}, in single precision as the C code does. */
    private static int ratio(long q, long q3) {
        float f = (float) ((q * 100) & 0xffffffffL) / (float) q3;
        return (int) f % 16;
    }

    static int swapNibbles(int b) {
        return ((b & 0x0f) << 4) | ((b & 0xf0) >>> 4);
    }

    /**
     * The log-scaled length byte. tlsh takes {@code std::log((float) len)}, i.e. a single-precision logarithm, and
     * divides it by double constants; the float rounding of the logarithm is kept here for that reason.
     */
    static int lCapturing(int unsignedLen) {
        long len = unsignedLen & 0xffffffffL;
        double lg = (float) Math.log((float) len);
        int i;
        if (len <= 656) {
            i = (int) Math.floor(lg / 0.4054651);
        } else if (len <= 3199) {
            i = (int) Math.floor(lg / 0.26236426 - 8.72777);
        } else {
            i = (int) Math.floor(lg / 0.095310180 - 62.5472);
        }
        return i & 0xff;
    }
}
