package dev.merc.core.pe;

/** Stable codes for structural oddities; the JSON carries the constant name. */
public enum Anomaly {
    NOT_MZ("the file does not start with the MZ signature"),
    PE_SIGNATURE_MISSING("no PE\\0\\0 signature where e_lfanew points"),
    READ_PAST_EOF("a read ran past the end of the file (carried by PeFormatException)"),
    RVA_UNMAPPED("an RVA is in no section and past the end of the file (carried by PeFormatException)"),
    DOS_HEADER_TRUNCATED("the file ends inside the 64-byte DOS header"),
    E_LFANEW_PAST_EOF("e_lfanew points past the end of the file"),
    FILE_HEADER_TRUNCATED("the file ends inside the COFF file header"),
    OPTIONAL_HEADER_MISSING("fewer bytes than the smallest loadable optional header"),
    OPTIONAL_HEADER_PADDED("the optional header is cut short and was read as zero-padded, as pefile does"),
    OPTIONAL_MAGIC_UNKNOWN("optional header magic is neither PE32 nor PE32+; read as PE32"),
    SIZE_OF_OPTIONAL_HEADER_ODD("SizeOfOptionalHeader is smaller than the optional header or unusually large"),
    RVA_AND_SIZES_SUSPICIOUS("NumberOfRvaAndSizes is larger than 16"),
    DATA_DIRECTORIES_TRUNCATED("the file ends inside the data directory array"),
    NO_SECTIONS("NumberOfSections is zero"),
    SECTIONS_CAPPED("more section headers than the cap; the rest were ignored"),
    SECTION_TABLE_TRUNCATED("the file ends inside the section table"),
    SECTION_NULL_ENTRY("an all-zero section header ends the table for address mapping, as in pefile"),
    SECTION_TOO_MANY_ERRORS("a section header had three or more errors; it and later ones are unmapped, as in pefile"),
    SECTION_RAW_PAST_EOF("a section's raw data extends past the end of the file"),
    SECTION_POINTER_PAST_EOF("a section's PointerToRawData points past the end of the file"),
    SECTION_VIRTUAL_SIZE_HUGE("a section's VirtualSize exceeds 256 MiB"),
    SECTION_VIRTUAL_ADDRESS_HUGE("a section's VirtualAddress exceeds 0x10000000"),
    SECTION_RAW_MISALIGNED("PointerToRawData is not a multiple of FileAlignment"),
    SECTIONS_OVERLAP("two sections share virtual addresses"),
    SECTION_WRITABLE_EXECUTABLE("a section is both writable and executable"),
    ENTRY_POINT_OUTSIDE_SECTIONS("AddressOfEntryPoint lies in no section"),
    IMPORTS_UNREADABLE("the import directory RVA cannot be mapped"),
    IMPORTS_TRUNCATED("an import thunk table ends early, or runs out of bounds"),
    IMPORTS_CAPPED("the import caps stopped the walk"),
    IMPORTS_INVALID_ENTRY("an import descriptor's thunks were unreadable or invalid and it was skipped"),
    IMPORT_NAME_INVALID("an import name or DLL name contains characters pefile rejects"),
    IMPORT_NAME_CAPPED("an import DLL or function name reached the name cap with no NUL and was cut there"),
    DELAY_IMPORTS_UNREADABLE("the delay-import directory RVA cannot be mapped"),
    EXPORTS_UNREADABLE("the export directory or one of its arrays cannot be mapped"),
    EXPORTS_CORRUPT("the export tables are inconsistent; pefile drops or cuts the list"),
    EXPORTS_CAPPED("the export cap stopped the walk"),
    EXPORT_NAME_CAPPED("an export name (name cap) or the export DLL name (1 MiB) reached its cap with no NUL"),
    EXPORT_FORWARDER_CAPPED("a forwarder string reached its 0x1000-byte cap with no NUL and was cut there"),
    RESOURCES_UNREADABLE("a resource directory or entry cannot be read"),
    RESOURCE_LOOP("a resource directory points back at a directory on its own path"),
    RESOURCE_TOO_DEEP("resource directories nest deeper than the cap"),
    RESOURCES_CAPPED("a resource directory or the whole tree has more entries than the cap"),
    RESOURCE_NAME_CAPPED("a resource name is longer than the name cap (UTF-16 units) and was cut there"),
    VERSION_INFO_CORRUPT("the VS_VERSIONINFO block is malformed"),
    VERSION_INFO_CAPPED("a version string table holds more strings than the cap; the rest were ignored"),
    DEBUG_UNREADABLE("the debug directory cannot be read"),
    DEBUG_CAPPED("more debug entries than the cap"),
    PDB_PATH_CAPPED("a CodeView PDB path reached its 4 KiB cap with no NUL and was cut there"),
    TLS_UNREADABLE("the TLS directory or its callback array cannot be read"),
    TLS_CALLBACKS_CAPPED("more TLS callbacks than the cap"),
    RICH_HEADER_MALFORMED("a Rich marker was found but the DanS header does not check out"),
    SIGNATURE_PAST_EOF("the security directory points outside the file"),
    SIGNATURE_NOT_AT_END("bytes follow the certificate table; Authenticode tools disagree on hashing them"),
    SIGNATURE_TOO_LARGE("the certificate table is larger than the cap"),
    SIGNATURE_ENTRIES_CAPPED("the certificate table has more WIN_CERTIFICATE entries than the cap; the rest were ignored"),
    SIGNATURE_UNPARSEABLE("the certificate table holds no readable PKCS#7 SignedData"),
    HASH_BUDGET_EXHAUSTED("sections or resources repeat so much data that later digests were skipped (null)"),
    CLR_HEADER_UNREADABLE("the CLR header or metadata root cannot be read");

    private final String meaning;

    Anomaly(String meaning) {
        this.meaning = meaning;
    }

    public String meaning() {
        return meaning;
    }
}
