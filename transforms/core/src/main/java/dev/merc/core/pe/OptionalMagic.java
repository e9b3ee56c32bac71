package dev.merc.core.pe;

/**
 * The optional header's Magic, under pefile 2023.2.7's OPTIONAL_HEADER_MAGIC_* names. Anything
 * else is read as PE32, as pefile does ({@code OPTIONAL_MAGIC_UNKNOWN}). The record keeps the number.
 */
public enum OptionalMagic implements CodedValue {
    /**
     * Any other magic:
     * the record keeps the number.
     */
    UNKNOWN(-1, null),
    PE32(0x10b, "OPTIONAL_HEADER_MAGIC_PE"),
    PE32_PLUS(0x20b, "OPTIONAL_HEADER_MAGIC_PE_PLUS");

    private static final Table<OptionalMagic> CODES = new Table<>(OptionalMagic.class, UNKNOWN);

    private final long code;
    private final String pefileName;

    OptionalMagic(long code, String pefileName) {
        this.code = code;
        this.pefileName = pefileName;
    }

    /** The constant for {@code code}, or UNKNOWN when pefile does not list it. */
    public static OptionalMagic of(long code) {
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
