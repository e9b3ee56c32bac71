package dev.merc.core.pe;

/**
 * A debug directory entry's Type, under pefile 2023.2.7's DEBUG_TYPE names. The record keeps the
 * unsigned number ({@link PeInfo.Debug#type()}); {@link PeInfo.Debug#debugType()} gives this view of it.
 */
public enum DebugType implements CodedValue {
    /**
     * pefile's IMAGE_DEBUG_TYPE_UNKNOWN (0), and any value pefile does not list:
     * the record keeps the number.
     */
    UNKNOWN(0x0, "IMAGE_DEBUG_TYPE_UNKNOWN"),
    COFF(0x1, "IMAGE_DEBUG_TYPE_COFF"),
    CODEVIEW(0x2, "IMAGE_DEBUG_TYPE_CODEVIEW"),
    FPO(0x3, "IMAGE_DEBUG_TYPE_FPO"),
    MISC(0x4, "IMAGE_DEBUG_TYPE_MISC"),
    EXCEPTION(0x5, "IMAGE_DEBUG_TYPE_EXCEPTION"),
    FIXUP(0x6, "IMAGE_DEBUG_TYPE_FIXUP"),
    OMAP_TO_SRC(0x7, "IMAGE_DEBUG_TYPE_OMAP_TO_SRC"),
    OMAP_FROM_SRC(0x8, "IMAGE_DEBUG_TYPE_OMAP_FROM_SRC"),
    BORLAND(0x9, "IMAGE_DEBUG_TYPE_BORLAND"),
    RESERVED10(0xa, "IMAGE_DEBUG_TYPE_RESERVED10"),
    CLSID(0xb, "IMAGE_DEBUG_TYPE_CLSID"),
    VC_FEATURE(0xc, "IMAGE_DEBUG_TYPE_VC_FEATURE"),
    POGO(0xd, "IMAGE_DEBUG_TYPE_POGO"),
    ILTCG(0xe, "IMAGE_DEBUG_TYPE_ILTCG"),
    MPX(0xf, "IMAGE_DEBUG_TYPE_MPX"),
    REPRO(0x10, "IMAGE_DEBUG_TYPE_REPRO"),
    EX_DLLCHARACTERISTICS(0x14, "IMAGE_DEBUG_TYPE_EX_DLLCHARACTERISTICS");

    private static final Table<DebugType> CODES = new Table<>(DebugType.class, UNKNOWN);

    private final long code;
    private final String pefileName;

    DebugType(long code, String pefileName) {
        this.code = code;
        this.pefileName = pefileName;
    }

    /** The constant for {@code code}, or UNKNOWN when pefile does not list it. */
    public static DebugType of(long code) {
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
