package dev.merc.core.pe;

/**
 * The COFF header's Machine, under pefile 2023.2.7's MACHINE_TYPE names. The record keeps the
 * number ({@link PeInfo#machine()}); {@link PeInfo#machineType()} gives this view of it.
 */
public enum Machine implements CodedValue {
    /**
     * pefile's IMAGE_FILE_MACHINE_UNKNOWN (0), and any value pefile does not list:
     * the record keeps the number.
     */
    UNKNOWN(0x0, "IMAGE_FILE_MACHINE_UNKNOWN"),
    I386(0x14c, "IMAGE_FILE_MACHINE_I386"),
    R3000(0x162, "IMAGE_FILE_MACHINE_R3000"),
    R4000(0x166, "IMAGE_FILE_MACHINE_R4000"),
    R10000(0x168, "IMAGE_FILE_MACHINE_R10000"),
    WCEMIPSV2(0x169, "IMAGE_FILE_MACHINE_WCEMIPSV2"),
    ALPHA(0x184, "IMAGE_FILE_MACHINE_ALPHA"),
    SH3(0x1a2, "IMAGE_FILE_MACHINE_SH3"),
    SH3DSP(0x1a3, "IMAGE_FILE_MACHINE_SH3DSP"),
    SH3E(0x1a4, "IMAGE_FILE_MACHINE_SH3E"),
    SH4(0x1a6, "IMAGE_FILE_MACHINE_SH4"),
    SH5(0x1a8, "IMAGE_FILE_MACHINE_SH5"),
    ARM(0x1c0, "IMAGE_FILE_MACHINE_ARM"),
    THUMB(0x1c2, "IMAGE_FILE_MACHINE_THUMB"),
    ARMNT(0x1c4, "IMAGE_FILE_MACHINE_ARMNT"),
    AM33(0x1d3, "IMAGE_FILE_MACHINE_AM33"),
    POWERPC(0x1f0, "IMAGE_FILE_MACHINE_POWERPC"),
    POWERPCFP(0x1f1, "IMAGE_FILE_MACHINE_POWERPCFP"),
    IA64(0x200, "IMAGE_FILE_MACHINE_IA64"),
    MIPS16(0x266, "IMAGE_FILE_MACHINE_MIPS16"),
    AXP64(0x284, "IMAGE_FILE_MACHINE_AXP64"),
    MIPSFPU(0x366, "IMAGE_FILE_MACHINE_MIPSFPU"),
    MIPSFPU16(0x466, "IMAGE_FILE_MACHINE_MIPSFPU16"),
    TRICORE(0x520, "IMAGE_FILE_MACHINE_TRICORE"),
    CEF(0xcef, "IMAGE_FILE_MACHINE_CEF"),
    EBC(0xebc, "IMAGE_FILE_MACHINE_EBC"),
    RISCV32(0x5032, "IMAGE_FILE_MACHINE_RISCV32"),
    RISCV64(0x5064, "IMAGE_FILE_MACHINE_RISCV64"),
    RISCV128(0x5128, "IMAGE_FILE_MACHINE_RISCV128"),
    LOONGARCH32(0x6232, "IMAGE_FILE_MACHINE_LOONGARCH32"),
    LOONGARCH64(0x6264, "IMAGE_FILE_MACHINE_LOONGARCH64"),
    AMD64(0x8664, "IMAGE_FILE_MACHINE_AMD64"),
    M32R(0x9041, "IMAGE_FILE_MACHINE_M32R"),
    ARM64(0xaa64, "IMAGE_FILE_MACHINE_ARM64"),
    CEE(0xc0ee, "IMAGE_FILE_MACHINE_CEE");

    private static final Table<Machine> CODES = new Table<>(Machine.class, UNKNOWN);

    private final long code;
    private final String pefileName;

    Machine(long code, String pefileName) {
        this.code = code;
        this.pefileName = pefileName;
    }

    /** The constant for {@code code}, or UNKNOWN when pefile does not list it. */
    public static Machine of(long code) {
        return CODES.of(code);
    }

    @Override
    public long code() {
        return code;
    }

    @Override
    public String pefileName() {
        return pefileName;
    }
}
