package dev.merc.core.pe;

/**
 * The optional header's Subsystem, under pefile 2023.2.7's SUBSYSTEM_TYPE names. The record keeps
 * the number ({@link PeInfo.OptionalHeader#subsystem()}); {@link PeInfo.OptionalHeader#subsystemType()}
 * gives this view of it.
 */
public enum Subsystem implements CodedValue {
    /**
     * pefile's IMAGE_SUBSYSTEM_UNKNOWN (0), and any value pefile does not list:
     * the record keeps the number.
     */
    UNKNOWN(0x0, "IMAGE_SUBSYSTEM_UNKNOWN"),
    NATIVE(0x1, "IMAGE_SUBSYSTEM_NATIVE"),
    WINDOWS_GUI(0x2, "IMAGE_SUBSYSTEM_WINDOWS_GUI"),
    WINDOWS_CUI(0x3, "IMAGE_SUBSYSTEM_WINDOWS_CUI"),
    OS2_CUI(0x5, "IMAGE_SUBSYSTEM_OS2_CUI"),
    POSIX_CUI(0x7, "IMAGE_SUBSYSTEM_POSIX_CUI"),
    NATIVE_WINDOWS(0x8, "IMAGE_SUBSYSTEM_NATIVE_WINDOWS"),
    WINDOWS_CE_GUI(0x9, "IMAGE_SUBSYSTEM_WINDOWS_CE_GUI"),
    EFI_APPLICATION(0xa, "IMAGE_SUBSYSTEM_EFI_APPLICATION"),
    EFI_BOOT_SERVICE_DRIVER(0xb, "IMAGE_SUBSYSTEM_EFI_BOOT_SERVICE_DRIVER"),
    EFI_RUNTIME_DRIVER(0xc, "IMAGE_SUBSYSTEM_EFI_RUNTIME_DRIVER"),
    EFI_ROM(0xd, "IMAGE_SUBSYSTEM_EFI_ROM"),
    XBOX(0xe, "IMAGE_SUBSYSTEM_XBOX"),
    WINDOWS_BOOT_APPLICATION(0x10, "IMAGE_SUBSYSTEM_WINDOWS_BOOT_APPLICATION");

    private static final Table<Subsystem> CODES = new Table<>(Subsystem.class, UNKNOWN);

    private final long code;
    private final String pefileName;

    Subsystem(long code, String pefileName) {
        this.code = code;
        this.pefileName = pefileName;
    }

    /** The constant for {@code code}, or UNKNOWN when pefile does not list it. */
    public static Subsystem of(long code) {
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
