package dev.merc.core.fuzzy;

/**
 * Streaming ssdeep (context-triggered piecewise hash), giving what {@code ssdeep} 2.14.1 prints for a file:
 * {@code blocksize:sig1:sig2}.
 *
 * <p>All 31 candidate block sizes (3, 6, 12, ...) are hashed in one pass, as ssdeep 2.14 does: a block size
 * starts being tracked at the first trigger point of the one below it, and a small block size is dropped once its
 * signature is full and the block size above has at least 32 characters, since the final choice can no longer
 * fall on it. Knowing the total length up front (as {@code ssdeep} does for files) also caps the largest block
 * size tracked. Not thread-safe; one instance per input.
 */
public final class SsdeepHasher {
    static final int SPAMSUM_LENGTH = 64;
    static final int ROLLING_WINDOW = 7;
    static final int MIN_BLOCKSIZE = 3;
    private static final int NUM_BLOCKHASHES = 31;
    /** FNV's initial value 0x28021967, reduced to the 6 bits ssdeep keeps. */
    private static final int HASH_INIT = 0x27;
    /** Largest input ssdeep accepts: the biggest block size times the signature length. */
    static final long TOTAL_SIZE_MAX = ((long) MIN_BLOCKSIZE << (NUM_BLOCKHASHES - 1)) * SPAMSUM_LENGTH;
    static final byte[] B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final long fixedSize;
    private long totalSize;

    // Rolling hash over the last 7 bytes (Adler-like h1/h2 plus shift-xor h3).
    private int h1, h2, h3;
    /** The last 7 bytes fed, then room for the first 7 bytes of the next chunk. */
    private final byte[] scratch = new byte[2 * ROLLING_WINDOW];

    /**
     * The 6-bit FNV sums of every block size, packed so that one multiply updates four of them: block size i has
     * its running sum in 16-bit lane {@code 2*(i%2)} of {@code sums[i/2]} and its half-signature sum in the lane
     * above. A 16-bit lane cannot overflow ({@code 63 * 0x13 < 2^16}), so lanes never disturb each other. The lane
     * of the non-existent block size 31 holds ssdeep's {@code lasth}. Two spare words at the end let the hot loop
     * always update three words.
     */
    private final long[] sums = new long[(NUM_BLOCKHASHES + 1) / 2 + 2];
    /** Range of {@link #sums} entries that hold live block sizes. */
    private int sumsFrom, sumsTo;
    /** Per block size i, its signature at {@code i*64}; entry {@code i*64 + dindex[i]} is a pending last character. */
    private final byte[] digest = new byte[NUM_BLOCKHASHES * SPAMSUM_LENGTH];
    /** Per block size, its signature length. */
    private final int[] dindex = new int[NUM_BLOCKHASHES];
    /** Per block size, the last character its 32-character truncation would get; 0 when none. */
    private final byte[] halfDigest = new byte[NUM_BLOCKHASHES];
    /** Block sizes bhStart..bhEnd-1 are live; at most bhEndLimit-1 is ever started. */
    private int bhStart;
    private int bhEnd = 1;
    private final int bhEndLimit;
    private long reduceBorder = (long) MIN_BLOCKSIZE * SPAMSUM_LENGTH;
    /** {@code (2^32 - 1) / (3 << bhStart)}, for the trigger test in {@link #run}. */
    private int triggerLimit = (int) (0xffffffffL / MIN_BLOCKSIZE);
    /** 3 * 0xaaaaaaab == 1 modulo 2^32. */
    private static final int INVERSE_OF_3 = 0xaaaaaaab;
    /**
     * Set once all 31 block sizes are live: ssdeep then also keeps the largest one's sum without resets (its
     * {@code lasth}, here in the lane of block size 31) for a digest that has no larger block size to follow.
     */
    private boolean needLastHash;

    /**
     * @param totalLength the exact number of bytes that will be passed to {@link #update}
     * @throws IllegalArgumentException if negative or larger than ssdeep supports (about 206 GB)
     */
    public SsdeepHasher(long totalLength) {
        if (totalLength < 0 || totalLength > TOTAL_SIZE_MAX) {
            throw new IllegalArgumentException("length out of ssdeep's range: " + totalLength);
        }
        fixedSize = totalLength;
        int bi = 0;
        while (blockSize(bi) * SPAMSUM_LENGTH < totalLength) {
            if (++bi == NUM_BLOCKHASHES - 2) {
                break;
            }
        }
        bhEndLimit = bi + 1;
        setSum(0, HASH_INIT);
        setHalfSum(0, HASH_INIT);
    }

    private static long blockSize(int index) {
        return (long) MIN_BLOCKSIZE << index;
    }

    /** ssdeep's FNV-style sum keeps 6 bits; FNV's prime 0x01000193 is 0x13 modulo 64. */
    private static final long FNV_PRIME_LOW = 0x13;
    private static final long LANES = 0x0001_0001_0001_0001L;
    private static final long LANE_MASK = 0x3f * LANES;

    private int sum(int i) {
        return (int) (sums[i >> 1] >>> ((i & 1) * 32)) & 0x3f;
    }

    private int halfSum(int i) {
        return (int) (sums[i >> 1] >>> ((i & 1) * 32 + 16)) & 0x3f;
    }

    private void setSum(int i, int v) {
        setLane(i >> 1, (i & 1) * 32, v);
    }

    private void setHalfSum(int i, int v) {
        setLane(i >> 1, (i & 1) * 32 + 16, v);
    }

    private void setLane(int k, int shift, int v) {
        sums[k] = (sums[k] & ~(0x3fL << shift)) | ((long) v << shift);
    }

    private void updateSumRange() {
        sumsFrom = bhStart >> 1;
        sumsTo = (needLastHash ? NUM_BLOCKHASHES : bhEnd - 1) >> 1;
    }

    public void update(byte[] buf, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, buf.length);
        if (totalSize + len > fixedSize) {
            throw new IllegalStateException("more bytes than the declared length " + fixedSize);
        }
        totalSize += len;
        // The first 7 bytes of a chunk go through a scratch copy placed after the 7 bytes before them, so the
        // loop can always find the byte leaving the window 7 positions back in the same array.
        int head = Math.min(len, ROLLING_WINDOW);
        System.arraycopy(buf, off, scratch, ROLLING_WINDOW, head);
        run(scratch, ROLLING_WINDOW, ROLLING_WINDOW + head);
        if (len > head) {
            run(buf, off + head, off + len);
            System.arraycopy(buf, off + len - ROLLING_WINDOW, scratch, 0, ROLLING_WINDOW);
        } else {
            System.arraycopy(scratch, head, scratch, 0, ROLLING_WINDOW);
        }
    }

    /** Feeds {@code buf[from..to)}; {@code buf[from - 7..from)} must hold the 7 bytes before. */
    private void run(byte[] buf, int from, int to) {
        int a = h1, b = h2, x = h3;
        final long[] s = sums;
        int p = from;
        while (p < to) {
            // Between trigger points the live range is fixed: its first three sum words live in registers.
            final int lo = sumsFrom, hi = sumsTo, shift = bhStart, limit = triggerLimit;
            long s0 = s[lo], s1 = s[lo + 1], s2 = s[lo + 2];
            boolean triggered = false;
            int quotient = 0;
            while (p < to) {
                int c = buf[p] & 0xff;
                int out = buf[p - ROLLING_WINDOW] & 0xff;
                p++;
                b += ROLLING_WINDOW * c - a;
                a += c - out;
                x = (x << 5) ^ c;
                // Bits 6 and 7 of c end up above each lane's 6 bits and are masked off.
                final long cc = c * LANES;
                s0 = ((s0 * FNV_PRIME_LOW) ^ cc) & LANE_MASK;
                s1 = ((s1 * FNV_PRIME_LOW) ^ cc) & LANE_MASK;
                s2 = ((s2 * FNV_PRIME_LOW) ^ cc) & LANE_MASK;
                for (int k = lo + 3; k <= hi; k++) {
                    s[k] = ((s[k] * FNV_PRIME_LOW) ^ cc) & LANE_MASK;
                }
                // Trigger points for block size 3 << i are where rollingSum + 1 is a multiple of it. Tested for
                // the smallest live block size with one multiply: m is the exact quotient by 3 when there is one,
                // and rotating it right by i maps exactly the multiples of (3 << i) to at most triggerLimit.
                int horg = a + b + x + 1;
                int m = horg * INVERSE_OF_3;
                if (Integer.compareUnsigned(Integer.rotateRight(m, shift), limit) <= 0 && horg != 0) {
                    triggered = true;
                    quotient = m >>> shift;
                    break;
                }
            }
            s[lo] = s0;
            s[lo + 1] = s1;
            s[lo + 2] = s2;
            if (triggered) {
                trigger(quotient);
            }
        }
        h1 = a;
        h2 = b;
        h3 = x;
    }

    /** Emits a signature character for every tracked block size whose trigger condition holds here. */
    private void trigger(int h) {
        int i = bhStart;
        do {
            if (dindex[i] == 0) {
                tryFork();
            }
            int base = i * SPAMSUM_LENGTH;
            digest[base + dindex[i]] = B64[sum(i)];
            halfDigest[i] = B64[halfSum(i)];
            if (dindex[i] < SPAMSUM_LENGTH - 1) {
                // Only reset while there is room: the last character then covers the whole tail.
                digest[base + ++dindex[i]] = 0;
                setSum(i, HASH_INIT);
                if (dindex[i] < SPAMSUM_LENGTH / 2) {
                    setHalfSum(i, HASH_INIT);
                    halfDigest[i] = 0;
                }
            } else {
                tryReduce();
            }
            if ((h & 1) != 0) {
                break;
            }
            h >>>= 1;
        } while (++i < bhEnd);
    }

    /** Starts tracking the next larger block size, seeded with the current sums of the largest one. */
    private void tryFork() {
        int last = bhEnd - 1;
        if (bhEnd <= bhEndLimit) {
            setSum(bhEnd, sum(last));
            setHalfSum(bhEnd, halfSum(last));
            digest[bhEnd * SPAMSUM_LENGTH] = 0;
            halfDigest[bhEnd] = 0;
            dindex[bhEnd] = 0;
            bhEnd++;
        } else if (bhEnd == NUM_BLOCKHASHES && !needLastHash) {
            needLastHash = true;
            setSum(NUM_BLOCKHASHES, sum(last));
        }
        updateSumRange();
    }

    /** Stops tracking the smallest block size once the final digest can no longer use it. */
    private void tryReduce() {
        if (bhEnd - bhStart < 2 || reduceBorder >= fixedSize || dindex[bhStart + 1] < SPAMSUM_LENGTH / 2) {
            return;
        }
        bhStart++;
        reduceBorder *= 2;
        triggerLimit = (int) (0xffffffffL / (blockSize(bhStart)));
        updateSumRange();
    }

    /**
     * @return {@code blocksize:sig1:sig2}, as {@code ssdeep} prints it (without the file name)
     * @throws IllegalStateException if fewer bytes were given than declared
     */
    public String digest() {
        if (totalSize != fixedSize) {
            throw new IllegalStateException("got " + totalSize + " bytes, declared " + fixedSize);
        }
        int h = h1 + h2 + h3;
        int bi = bhStart;
        while (blockSize(bi) * SPAMSUM_LENGTH < totalSize) {
            bi++;
        }
        if (bi >= bhEnd) {
            bi = bhEnd - 1;
        }
        while (bi > bhStart && dindex[bi] < SPAMSUM_LENGTH / 2) {
            bi--;
        }
        StringBuilder out = new StringBuilder(16 + SPAMSUM_LENGTH + SPAMSUM_LENGTH / 2);
        out.append(blockSize(bi)).append(':');
        appendChars(out, bi, dindex[bi]);
        if (h != 0) {
            out.append((char) B64[sum(bi)]);
        } else if (digest[bi * SPAMSUM_LENGTH + dindex[bi]] != 0) {
            out.append((char) digest[bi * SPAMSUM_LENGTH + dindex[bi]]);
        }
        out.append(':');
        if (bi < bhEnd - 1) {
            bi++;
            appendChars(out, bi, Math.min(dindex[bi], SPAMSUM_LENGTH / 2 - 1));
            if (h != 0) {
                out.append((char) B64[halfSum(bi)]);
            } else if (halfDigest[bi] != 0) {
                out.append((char) halfDigest[bi]);
            }
        } else if (h != 0) {
            // Only the first or the last block size can be without a successor here.
            out.append((char) B64[sum(bi == 0 ? 0 : NUM_BLOCKHASHES)]);
        }
        return out.toString();
    }

    private void appendChars(StringBuilder out, int bi, int n) {
        for (int k = 0; k < n; k++) {
            out.append((char) digest[bi * SPAMSUM_LENGTH + k]);
        }
    }
}
