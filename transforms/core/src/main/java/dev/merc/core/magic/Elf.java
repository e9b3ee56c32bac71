package dev.merc.core.magic;

/**
 * The start of file's ELF description: class, byte order, type (with the DF_1_PIE test that makes a shared object
 * a "pie executable"), machine and OS ABI. file's later remarks (linking, interpreter, BuildID, stripped) are left out.
 */
final class Elf {
    private static final int PT_DYNAMIC = 2;
    private static final long DT_FLAGS_1 = 0x6ffffffbL;
    private static final long DF_1_PIE = 0x08000000L;
    /** Bounds the dynamic-section walk; real files have a few dozen entries. */
    private static final int MAX_DYNAMIC = 4096;
    private static final int MAX_PHDRS = 4096;

    private final Bytes b;
    private final boolean big;
    private final boolean wide;

    private Elf(Bytes b, boolean big, boolean wide) {
        this.b = b;
        this.big = big;
        this.wide = wide;
    }

    static FileType describe(Bytes b) {
        int cls = b.u8(4);
        int order = b.u8(5);
        Elf e = new Elf(b, order == 2, cls == 2);
        StringBuilder s = new StringBuilder("ELF");
        if (cls == 1 || cls == 2) {
            s.append(cls == 1 ? " 32-bit" : " 64-bit");
        }
        if (order == 1 || order == 2) {
            s.append(order == 2 ? " MSB" : " LSB");
        }
        if (cls != 1 && cls != 2 || order != 1 && order != 2) {
            return new FileType(s.toString(), OtherMagic.OCTET);
        }
        int type = (int) e.u(16, 2);
        boolean pie = type == 3 && e.hasPieFlag();
        String mime;
        switch (type) {
            case 1 -> {
                s.append(" relocatable");
                mime = "application/x-object";
            }
            case 2 -> {
                s.append(" executable");
                mime = "application/x-executable";
            }
            case 3 -> {
                s.append(pie ? " pie executable" : " shared object");
                mime = pie ? "application/x-pie-executable" : "application/x-sharedlib";
            }
            case 4 -> {
                s.append(" core file");
                mime = "application/x-coredump";
            }
            default -> mime = OtherMagic.OCTET;
        }
        String arch = switch ((int) e.u(18, 2)) {
            case 3 -> "Intel 80386";
            case 8 -> "MIPS";
            case 20 -> "PowerPC";
            case 21 -> "64-bit PowerPC or cisco 7500";
            case 40 -> "ARM";
            case 62 -> "x86-64";
            case 183 -> "ARM aarch64";
            case 243 -> "UCB RISC-V";
            default -> null;
        };
        if (arch != null) {
            s.append(", ").append(arch);
        }
        long version = e.u(20, 4);
        if (version >= 0) {
            s.append(", version ").append(version);
            String abi = switch (b.u8(7)) {
                case 0 -> "SYSV";
                case 3 -> "GNU/Linux";
                case 6 -> "Solaris";
                case 9 -> "FreeBSD";
                case 12 -> "OpenBSD";
                default -> null;
            };
            if (abi != null) {
                s.append(" (").append(abi).append(')');
            }
        }
        return new FileType(s.toString(), mime);
    }

    /** Unsigned field of the given width in the file's byte order, or -1 when out of range. */
    private long u(long off, int width) {
        if (off < 0 || !b.has(off, width)) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < width; i++) {
            long byteValue = b.u8(off + i);
            v |= byteValue << (8 * (big ? width - 1 - i : i));
        }
        return v;
    }

    private long word(long off) {
        return u(off, wide ? 8 : 4);
    }

    private boolean hasPieFlag() {
        long phoff = word(wide ? 32 : 28);
        long phentsize = u(wide ? 54 : 42, 2);
        long phnum = u(wide ? 56 : 44, 2);
        if (phoff < 0 || phentsize <= 0 || phnum <= 0) {
            return false;
        }
        for (long i = 0; i < Math.min(phnum, MAX_PHDRS); i++) {
            long ph = phoff + i * phentsize;
            if (u(ph, 4) != PT_DYNAMIC) {
                continue;
            }
            long offset = word(ph + (wide ? 8 : 4));
            long size = word(ph + (wide ? 32 : 16));
            int entry = wide ? 16 : 8;
            for (long k = 0; offset >= 0 && size >= 0 && k < Math.min(size / entry, MAX_DYNAMIC); k++) {
                long tag = word(offset + k * entry);
                if (tag == 0 || tag < 0) {
                    break;
                }
                if (tag == DT_FLAGS_1) {
                    long flags = word(offset + k * entry + entry / 2);
                    return flags >= 0 && (flags & DF_1_PIE) != 0;
                }
            }
        }
        return false;
    }
}
