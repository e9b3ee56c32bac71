package dev.merc.core.magic;

/**
 * Builds a description the way libmagic prints matched rules: a blank before each message unless the message
 * starts with {@code \b} ({@link #glue}); the MIME type is the first one any matched rule carries.
 */
final class Description {
    private final StringBuilder text = new StringBuilder();
    private String mime;

    void add(String message) {
        if (text.length() > 0) {
            text.append(' ');
        }
        text.append(message);
    }

    void glue(String message) {
        text.append(message);
    }

    void mime(String type) {
        if (mime == null) {
            mime = type;
        }
    }

    boolean isEmpty() {
        return text.length() == 0;
    }

    String text() {
        return text.toString();
    }

    String mime() {
        return mime;
    }

    /** C's {@code printf("%#x", (int) (short) v)}, as libmagic prints a signed leshort with {@code %#x}. */
    static String hexShort(int v) {
        int s = (short) v;
        return s == 0 ? "0" : "0x" + Integer.toHexString(s);
    }
}
