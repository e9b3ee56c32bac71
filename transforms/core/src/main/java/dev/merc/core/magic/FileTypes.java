package dev.merc.core.magic;

/**
 * Names a sample's type the way libmagic's {@code file} 5.44 does ({@code file -b} and {@code file -b --mime-type}).
 *
 * <p>Exact for files that start with "MZ" (PE and MS-DOS executables): the rules of Magdir/msdos are followed in
 * order, including the trailing ", N sections". A few rare DOS-extender guesses are not modelled (see
 * {@link MsDosMagic}).
 *
 * <p>Approximate for everything else ({@link OtherMagic}): ELF, Zip/JAR, 7-zip, gzip, PDF and PNG get most of file's
 * description (ELF stops after the OS ABI); text is "ASCII text" or "Unicode text, UTF-8 text" with only the
 * line-terminator remarks (no "very long lines", no other encodings); anything else is "data". Formats file
 * recognises by rules stronger than its MZ rule are not modelled, so such MZ files are described as MS-DOS/PE.
 */
public final class FileTypes {
    /** file reads at most this much of a file (FILE_BYTES_MAX in 5.44). */
    private static final int BYTES_MAX = 7 * 1024 * 1024;

    private FileTypes() {
    }

    /** Never throws; {@code length} is the number of valid bytes at the start of {@code data}. */
    public static FileType identify(byte[] data, int length) {
        if (data == null || length <= 0) {
            return new FileType("empty", "inode/x-empty");
        }
        int n = Math.min(Math.min(length, data.length), BYTES_MAX);
        try {
            Bytes b = new Bytes(data, n);
            Description dos = b.str(0, "MZ") ? MsDosMagic.describe(b) : null;
            if (dos != null && dos.mime() != null) {
                return new FileType(dos.text(), dos.mime());
            }
            FileType other = OtherMagic.identify(b, data, Math.min(length, data.length));
            // MZ rules that print text but carry no MIME type leave file's MIME to its later tests.
            return dos != null ? new FileType(dos.text(), other.mime()) : other;
        } catch (RuntimeException e) {
            // A bug here must not lose the sample; "data" is what file says when it knows nothing.
            return new FileType("data", OtherMagic.OCTET);
        }
    }
}
