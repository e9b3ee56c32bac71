package dev.merc.core.pe;

/**
 * Caps that bound work and memory on hostile files. The defaults follow pefile where it has a cap,
 * so that capped output still agrees with pefile.
 */
public record PeLimits(
        int maxSections,
        int maxImports,
        int maxImportThunkReads,
        int maxImportDescriptors,
        int maxNameLength,
        int maxExports,
        int maxResourceDepth,
        int maxResourceEntriesPerDirectory,
        int maxResourceEntries,
        int maxDebugEntries,
        int maxTlsCallbacks,
        int maxSignatureBytes,
        int maxCertificateEntries,
        int maxVersionInfoEntries,
        long minHashBudgetBytes) {

    /** Bytes that section and resource digests may read in total; hostile tables can repeat one large range. */
    public long hashBudget(int fileLength) {
        return Math.max(minHashBudgetBytes, 3L * fileLength);
    }

    public static PeLimits defaults() {
        return new PeLimits(
                0x800,      // sections (pefile MAX_SECTIONS)
                0x4000,     // import entries emitted
                0x2000,     // thunk reads across ILT+IAT, as pefile's MAX_IMPORT_SYMBOLS counter
                0x1000,     // import descriptors walked
                0x200,      // dll / function name bytes (pefile MAX_IMPORT_NAME_LENGTH)
                0x4000,     // export functions emitted
                32,         // resource depth (pefile MAX_RESOURCE_DEPTH)
                4096,       // entries in one resource directory
                0x8000,     // resource entries in the file (pefile MAX_RESOURCE_ENTRIES)
                64,         // debug directory entries
                256,        // TLS callbacks
                8 << 20,    // certificate table bytes handed to BouncyCastle
                64,         // WIN_CERTIFICATE entries walked (real files hold one or two)
                256,        // version_info strings
                32L << 20); // bytes hashed for sections/resources: at least this, or 3x the file size
    }
}
