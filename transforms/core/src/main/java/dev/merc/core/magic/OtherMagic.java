package dev.merc.core.magic;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Non-MZ types, approximately as file 5.44 names them: the leading parts of its ELF, Zip, 7-zip, gzip, PDF and PNG
 * descriptions, ASCII/UTF-8 text, else "data". Left out: ELF linking/interpreter/BuildID/stripped remarks, Office,
 * OpenDocument and EPUB zips, and every other format file knows.
 */
final class OtherMagic {
    static final String OCTET = "application/octet-stream";
    /** file decides text encodings from at most this much (FILE_ENCODING_MAX). */
    private static final int ENCODING_MAX = 64 * 1024;
    private static final DateTimeFormatter CTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String[] GZIP_OS = {"FAT filesystem (MS-DOS, OS/2, NT)", "Amiga", "VMS", "Unix", "VM/CMS",
        "Atari", "HPFS filesystem (OS/2, NT)", "MacOS", "Z-System", "CP/M", "TOPS/20", "NTFS filesystem (NT)", "QDOS",
        "Acorn RISCOS"};

    private OtherMagic() {
    }

    /** @param b the bytes file examines (at most 7 MiB); @param d all bytes; @param length valid bytes in d */
    static FileType identify(Bytes b, byte[] d, int length) {
        int n = (int) b.n;
        if (b.str(0, "\u007fELF")) {
            return Elf.describe(b);
        }
        if (b.str(0, "LX") && b.u16(2) == 0) {
            // An OS/2 LX module without a DOS stub; Magdir/msdos runs the same rules as for a stubbed one.
            Description lx = new Description();
            MsDosMagic.lxExecutable(b, lx, 0);
            return new FileType(lx.text(), lx.mime());
        }
        if (b.str(0, "PK\3\4")) {
            return zip(b);
        }
        if (b.str(0, "7z\u00bc\u00af\u0027\u001c")) {
            String version = b.has(6, 2) ? ", version " + b.u8(6) + "." + b.u8(7) : "";
            return new FileType("7-zip archive data" + version, "application/x-7z-compressed");
        }
        if (b.str(0, "\u001f\u008b")) {
            return gzip(b, d, length);
        }
        if (b.str(0, "%PDF-")) {
            return pdf(b, d, n);
        }
        if (b.str(0, "\u0089PNG\r\n\u001a\n")) {
            return png(b);
        }
        return text(d, Math.min(n, ENCODING_MAX));
    }

    private static FileType zip(Bytes b) {
        long nameLength = b.ind(26, 2, 1, 30);
        if (b.u16(nameLength) == 0xcafe) {
            return new FileType("Java archive data (JAR)", "application/java-archive");
        }
        StringBuilder s = new StringBuilder("Zip archive data");
        int version = b.u8(4);
        if (version >= 0) {
            s.append(", at least v").append(version / 10).append('.').append(version % 10).append(" to extract");
        }
        int method = b.u16(8);
        if (method >= 0) {
            s.append(", compression method=").append(switch (method) {
                case 0 -> "store";
                case 1 -> "Shrinking";
                case 6 -> "Imploding";
                case 7 -> "Tokenizing";
                case 8 -> "deflate";
                case 9 -> "deflate64";
                case 10 -> "Library imploding";
                case 12 -> "bzip2";
                case 14 -> "lzma";
                case 93 -> "Zstd";
                case 95 -> "xz";
                case 98 -> "PPMd";
                case 99 -> "AES Encrypted";
                default -> "[" + Description.hexShort(method) + "]";
            });
        }
        return new FileType(s.toString(), "application/zip");
    }

    private static FileType gzip(Bytes b, byte[] d, int length) {
        StringBuilder s = new StringBuilder("gzip compressed data");
        int method = b.u8(2);
        if (method >= 0 && (byte) method < 8) {
            s.append(", reserved method");
        } else if (method > 8) {
            s.append(", unknown method");
        }
        int flags = b.u8(3);
        if (flags >= 0) {
            if ((flags & 1) != 0) {
                s.append(", ASCII");
            }
            if ((flags & 2) != 0) {
                s.append(", has CRC");
            }
            if ((flags & 4) != 0) {
                s.append(", extra field");
            }
            if ((flags & 0xC) == 0x08 && b.has(10, 1)) {
                s.append(", was \"").append(b.cstr(10, 63)).append('"');
            }
            if ((flags & 0x10) != 0) {
                s.append(", has comment");
            }
            if ((flags & 0x20) != 0) {
                s.append(", encrypted");
            }
        }
        Integer mtime = b.s32(4);
        if (mtime != null && mtime > 0) {
            s.append(", last modified: ").append(CTIME.format(Instant.ofEpochSecond(mtime)));
        }
        int xfl = b.u8(8);
        if (xfl == 2) {
            s.append(", max compression");
        } else if (xfl == 4) {
            s.append(", max speed");
        }
        int os = b.u8(9);
        if (os >= 0 && os < GZIP_OS.length) {
            s.append(", from ").append(GZIP_OS[os]);
        }
        if (length >= 4) {
            // file reads the trailer from the real end of the file, not from its 7 MiB window.
            long size = new Bytes(d, length).u32(length - 4L);
            s.append(", original size modulo 2^32 ").append(size);
        }
        return new FileType(s.toString(), "application/gzip");
    }

    private static FileType pdf(Bytes b, byte[] d, int n) {
        StringBuilder s = new StringBuilder("PDF document");
        if (b.has(5, 3)) {
            s.append(", version ").append((char) b.u8(5)).append('.').append((char) b.u8(7));
        }
        long count = b.search(8, n, "/Count");
        if (count != Bytes.NONE) {
            int i = (int) count;
            int limit = (int) Math.min(n, count + 8192);
            while (i < limit && (d[i] < '0' || d[i] > '9')) {
                i++;
            }
            int start = i;
            while (i < limit && d[i] >= '0' && d[i] <= '9') {
                i++;
            }
            if (i > start) {
                s.append(", ").append(new String(d, start, i - start, StandardCharsets.US_ASCII)).append(" pages");
            }
        }
        return new FileType(s.toString(), "application/pdf");
    }

    private static FileType png(Bytes b) {
        StringBuilder s = new StringBuilder("PNG image data");
        if (b.str(12, "IHDR") && b.has(16, 13)) {
            long w = Integer.reverseBytes((int) b.u32(16)) & 0xFFFFFFFFL;
            long h = Integer.reverseBytes((int) b.u32(20)) & 0xFFFFFFFFL;
            int depth = b.u8(24);
            int type = b.u8(25);
            String color = switch (type) {
                case 0 -> "grayscale";
                case 2 -> "RGB";
                case 3 -> "colormap";
                case 4 -> "gray+alpha";
                case 6 -> "RGBA";
                default -> null;
            };
            s.append(", ").append(w).append(" x ").append(h).append(", ").append(depth).append("-bit");
            if (color != null) {
                s.append(type != 0 && type != 4 ? "/color " : " ").append(color);
            }
            s.append(b.u8(28) == 1 ? ", interlaced" : ", non-interlaced");
        }
        return new FileType(s.toString(), "image/png");
    }

    /** file's text test, reduced to ASCII and UTF-8 with the line-terminator remarks. */
    private static FileType text(byte[] d, int n) {
        boolean ascii = true;
        boolean cr = false;
        boolean lf = false;
        boolean crlf = false;
        int i = 0;
        while (i < n) {
            int c = d[i] & 0xFF;
            if (c < 0x80) {
                if (!isTextChar(c)) {
                    return new FileType("data", OCTET);
                }
                if (c == '\n') {
                    lf = true;
                    crlf |= i > 0 && d[i - 1] == '\r';
                } else if (c == '\r') {
                    cr = true;
                }
                i++;
                continue;
            }
            ascii = false;
            int extra = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : -1;
            if (extra < 0) {
                return new FileType("data", OCTET);
            }
            for (int k = 1; k <= extra; k++) {
                // A sequence cut by the end of the examined bytes still counts as text.
                if (i + k < n && (d[i + k] & 0xC0) != 0x80) {
                    return new FileType("data", OCTET);
                }
            }
            i += extra + 1;
        }
        StringBuilder s = new StringBuilder(ascii ? "ASCII text" : "Unicode text, UTF-8 text");
        if (crlf) {
            s.append(", with CRLF line terminators");
        } else if (cr && !lf) {
            s.append(", with CR line terminators");
        } else if (!cr && !lf) {
            s.append(", with no line terminators");
        }
        return new FileType(s.toString(), "text/plain");
    }

    /** libmagic's text bytes: BEL..CR, ESC and printable ASCII. */
    private static boolean isTextChar(int c) {
        return (c >= 7 && c <= 13) || c == 0x1b || (c >= 0x20 && c < 0x7f);
    }
}
