package dev.merc.core.pe;

/**
 * Resource type ids of the tree's first level, under pefile 2023.2.7's RESOURCE_TYPE names. The
 * record carries the name ("RT_VERSION") for these and the number for any other id.
 */
public enum ResourceType implements CodedValue {
    /**
     * Any id pefile does not name:
     * the record keeps the number.
     */
    UNKNOWN(-1, null),
    CURSOR(0x1, "RT_CURSOR"),
    BITMAP(0x2, "RT_BITMAP"),
    ICON(0x3, "RT_ICON"),
    MENU(0x4, "RT_MENU"),
    DIALOG(0x5, "RT_DIALOG"),
    STRING(0x6, "RT_STRING"),
    FONTDIR(0x7, "RT_FONTDIR"),
    FONT(0x8, "RT_FONT"),
    ACCELERATOR(0x9, "RT_ACCELERATOR"),
    RCDATA(0xa, "RT_RCDATA"),
    MESSAGETABLE(0xb, "RT_MESSAGETABLE"),
    GROUP_CURSOR(0xc, "RT_GROUP_CURSOR"),
    GROUP_ICON(0xe, "RT_GROUP_ICON"),
    VERSION(0x10, "RT_VERSION"),
    DLGINCLUDE(0x11, "RT_DLGINCLUDE"),
    PLUGPLAY(0x13, "RT_PLUGPLAY"),
    VXD(0x14, "RT_VXD"),
    ANICURSOR(0x15, "RT_ANICURSOR"),
    ANIICON(0x16, "RT_ANIICON"),
    HTML(0x17, "RT_HTML"),
    MANIFEST(0x18, "RT_MANIFEST");

    private static final Table<ResourceType> CODES = new Table<>(ResourceType.class, UNKNOWN);

    private final long code;
    private final String pefileName;

    ResourceType(long code, String pefileName) {
        this.code = code;
        this.pefileName = pefileName;
    }

    /** The constant for {@code code}, or UNKNOWN when pefile does not list it. */
    public static ResourceType of(long code) {
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
