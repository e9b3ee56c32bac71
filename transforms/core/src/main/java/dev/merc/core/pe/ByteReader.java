package dev.merc.core.pe;

/**
 * Little-endian reads over the first {@code length} bytes of a shared array. Every read checks
 * that the bytes exist; offsets are longs so that sums of 32-bit file fields cannot wrap.
 */
final class ByteReader {
    private final byte[] data;
    private final int length;

    ByteReader(byte[] data, int length) {
        if (length < 0 || length > data.length) {
            throw new IllegalArgumentException("length " + length + " outside array of " + data.length);
        }
        this.data = data;
        this.length = length;
    }

    int length() {
        return length;
    }

    byte[] array() {
        return data;
    }

    /** True when [offset, offset + count) lies inside the file. */
    boolean has(long offset, long count) {
        return offset >= 0 && count >= 0 && offset <= length && count <= length - offset;
    }

    private void require(long offset, int count) {
        if (!has(offset, count)) {
            throw new PeFormatException(Anomaly.READ_PAST_EOF,
                    "read of " + count + " bytes at " + offset + " past end " + length);
        }
    }

    int u8(long offset) {
        require(offset, 1);
        return data[(int) offset] & 0xFF;
    }

    int u16(long offset) {
        require(offset, 2);
        int o = (int) offset;
        return (data[o] & 0xFF) | (data[o + 1] & 0xFF) << 8;
    }

    long u32(long offset) {
        require(offset, 4);
        int o = (int) offset;
        return ((data[o] & 0xFFL) | (data[o + 1] & 0xFFL) << 8 | (data[o + 2] & 0xFFL) << 16
                | (data[o + 3] & 0xFFL) << 24);
    }

    /** Unsigned 64-bit value in a long's bits; callers needing magnitude use Long.compareUnsigned. */
    long u64(long offset) {
        require(offset, 8);
        return u32(offset) | u32(offset + 4) << 32;
    }

    /** u32 read where missing bytes count as zero, for structures pefile zero-pads. */
    long u32OrZeroPadded(long offset) {
        long v = 0;
        for (int i = 3; i >= 0; i--) {
            long o = offset + i;
            v = v << 8 | (has(o, 1) ? data[(int) o] & 0xFF : 0);
        }
        return v;
    }

    /** Clips [offset, offset + count) to the file, as a Python slice does. */
    Slice slice(long offset, long count) {
        long start = Math.max(0, Math.min(offset, length));
        long end = Math.max(start, Math.min(Math.max(0, count) + Math.max(0, offset), length));
        if (offset < 0) {
            end = start;
        }
        return new Slice((int) start, (int) (end - start));
    }

    /** Bytes of {@code s} up to (not including) the first NUL. */
    Slice untilNul(Slice s) {
        for (int i = 0; i < s.length(); i++) {
            if (data[s.offset() + i] == 0) {
                return new Slice(s.offset(), i);
            }
        }
        return s;
    }

    /** A range of the file that is known to lie inside it. */
    record Slice(int offset, int length) {
        static final Slice EMPTY = new Slice(0, 0);

        long end() {
            return (long) offset + length;
        }
    }
}
