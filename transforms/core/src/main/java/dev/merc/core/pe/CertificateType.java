package dev.merc.core.pe;

/**
 * A WIN_CERTIFICATE's wCertificateType, under the WIN_CERT_TYPE_* names of wintrust.h (pefile
 * has none). Only PKCS_SIGNED_DATA entries are handed to BouncyCastle.
 */
public enum CertificateType implements CodedValue {
    /**
     * Any other type: the entry is skipped.
     */
    UNKNOWN(-1, null),
    X509(0x1, "WIN_CERT_TYPE_X509"),
    PKCS_SIGNED_DATA(0x2, "WIN_CERT_TYPE_PKCS_SIGNED_DATA"),
    RESERVED_1(0x3, "WIN_CERT_TYPE_RESERVED_1"),
    TS_STACK_SIGNED(0x4, "WIN_CERT_TYPE_TS_STACK_SIGNED");

    private static final Table<CertificateType> CODES = new Table<>(CertificateType.class, UNKNOWN);

    private final long code;
    private final String pefileName;

    CertificateType(long code, String pefileName) {
        this.code = code;
        this.pefileName = pefileName;
    }

    /** The constant for {@code code}, or UNKNOWN when wintrust.h does not list it. */
    public static CertificateType of(long code) {
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
