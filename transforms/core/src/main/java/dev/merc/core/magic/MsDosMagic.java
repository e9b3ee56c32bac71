package dev.merc.core.magic;

import static dev.merc.core.magic.Bytes.NONE;

import java.util.Map;

/**
 * The MZ rules of file 5.44's Magdir/msdos, in their order, for bytes that start with "MZ". Offsets and failure
 * rules follow libmagic: a {@code !} test also matches when its bytes are out of range, and a {@code default} test
 * fires only when no earlier test at its level matched.
 *
 * <p>Not modelled (rare, non-PE): the 32Lite, UPX and UNACE guesses under LE and DJGPP COFF images, and the
 * "LH/2 Self-Extract" line; emx version strings are printed up to a NUL or line end (libmagic also escapes them).
 */
final class MsDosMagic {
    static final String PE_MIME = "application/vnd.microsoft.portable-executable";
    static final String DOS_MIME = "application/x-dosexec";

    private static final Map<Integer, String> MACHINES = Map.ofEntries(
            Map.entry(0x14c, "Intel 80386"), Map.entry(0x166, "MIPS R4000"), Map.entry(0x168, "MIPS R10000"),
            Map.entry(0x184, "Alpha"), Map.entry(0x1a2, "Hitachi SH3"), Map.entry(0x1a3, "Hitachi SH3 DSP"),
            Map.entry(0x1a8, "Hitachi SH5"), Map.entry(0x169, "MIPS WCE v2"), Map.entry(0x1a6, "Hitachi SH4"),
            Map.entry(0x1c0, "ARM"), Map.entry(0x1c2, "ARM Thumb"), Map.entry(0x1c4, "ARMv7 Thumb"),
            Map.entry(0x1d3, "Matsushita AM33"), Map.entry(0x1f0, "PowerPC"), Map.entry(0x1f1, "PowerPC with FPU"),
            Map.entry(0x1f2, "PowerPC (big-endian)"), Map.entry(0x200, "Intel Itanium"), Map.entry(0x266, "MIPS16"),
            Map.entry(0x268, "Motorola 68000"), Map.entry(0x290, "PA-RISC"), Map.entry(0x366, "MIPSIV"),
            Map.entry(0x466, "MIPS16 with FPU"), Map.entry(0xebc, "EFI byte code"),
            Map.entry(0x5032, "RISC-V 32-bit"), Map.entry(0x5064, "RISC-V 64-bit"),
            Map.entry(0x5128, "RISC-V 128-bit"), Map.entry(0x9041, "Mitsubishi M32R"), Map.entry(0x8664, "x86-64"),
            Map.entry(0xaa64, "Aarch64"), Map.entry(0xc0ee, "MSIL"));

    /** Subsystems whose message needs no further test; 0, 1, 7, 9, 16 and >16 are handled in code. */
    private static final Map<Integer, String> SUBSYSTEMS = Map.ofEntries(
            Map.entry(2, "(GUI)"), Map.entry(3, "(console)"), Map.entry(4, "(Unknown subsystem 4)"),
            Map.entry(5, "(OS/2)"), Map.entry(6, "(Unknown subsystem 6)"), Map.entry(8, "(Win9x)"),
            Map.entry(10, "(EFI application)"), Map.entry(11, "(EFI boot service driver)"),
            Map.entry(12, "(EFI runtime driver)"), Map.entry(13, "(EFI ROM)"), Map.entry(14, "(XBOX)"),
            Map.entry(15, "(Unknown subsystem 15)"));

    private static final String[] NE_OS = {"for OS/2 1.0 or MS Windows 1-2", "for OS/2 1.x", "for MS Windows 3.x",
        "for MS-DOS", "for Windows 386", "for Borland Operating System Services"};

    private final Bytes b;
    private final Description out = new Description();

    private MsDosMagic(Bytes b) {
        this.b = b;
    }

    /** The description of an MZ file, or null when file's MZ rules print nothing (file then tries text and data). */
    static Description describe(Bytes b) {
        MsDosMagic m = new MsDosMagic(b);
        m.lowRelocationTable();
        m.portableExecutable();
        m.highRelocationTable();
        m.shortHeader();
        m.djgppCoff();
        if (m.b.str(m.stub(), "$WdX")) {
            m.out.glue(", WDos/X DOS extender");
        }
        m.fixedOffsetArchives();
        m.afterDosImage();
        m.miscArchives();
        return m.out.isEmpty() ? null : m.out;
    }

    /** {@code (0x3c.l)}: the new-header offset e_lfanew. */
    private long lfanew() {
        return b.ind32(0x3c, 0);
    }

    /** {@code (8.s*16)}: the end of the DOS header, e_cparhdr paragraphs. */
    private long stub() {
        return b.ind(8, 2, 16, 0);
    }

    /** {@code (4.s*512)}: e_cp pages, where the DOS image (or a DJGPP COFF) ends. */
    private long pages() {
        return b.ind(4, 2, 512, 0);
    }

    // e_lfarlc < 0x40: a real DOS program, or an NE icon library / LX with a low relocation table.
    private void lowRelocationTable() {
        int lfarlc = b.u16(0x18);
        if (lfarlc < 0 || lfarlc >= 0x40) {
            return;
        }
        long hdr = lfanew();
        if (b.str(hdr, "NE")) {
            out.add("Windows Icons Library 16-bit");
            out.mime("image/x-ms-icl");
        } else if (b.str(hdr, "LX")) {
            lxExecutable(b, out, hdr);
        } else if (b.str(hdr, "PE")) {
            return; // described by the PE rules
        } else if (hdr != NONE) {
            out.add("MS-DOS executable, MZ for MS-DOS");
            out.mime(DOS_MIME);
        }
    }

    /**
     * Magdir/msdos "lx-executable", used at the LX header h. Inside a {@code use}, libmagic checks bounds against the
     * rule's own offset only and reads zeros past the end, hence {@link #usedRead}.
     */
    static void lxExecutable(Bytes b, Description out, long h) {
        int magic = (int) usedRead(b, h, 0, 2);
        if (magic == 0x584c) {
            out.add("LX");
        }
        if (magic == 0x454c) {
            out.add("LE");
        }
        if (magic >= 0) {
            out.add("executable");
            out.mime("application/x-lx-executable");
        }
        if (usedRead(b, h, 2, 1) > 0) {
            out.add("(big-endian)");
        }
        long os = usedRead(b, h, 0x0a, 2);
        if (os == 1) {
            out.add("for OS/2");
        } else if (os == 3) {
            out.add("for DOS");
        }
        long flags = usedRead(b, h, 0x10, 4);
        if (flags >= 0 && (flags & 0x38000) == 0) {
            out.add("(program)");
        } else if (flags >= 0) {
            out.add((flags & 0x20000) != 0 ? "(device driver)" : "(library)");
        }
        if (flags >= 0 && (flags & 0x300) == 0x300) {
            out.add("(GUI)");
        } else {
            out.add("(console)"); // a "!" test: also matches when out of range
        }
        long cpu = usedRead(b, h, 8, 2);
        if (cpu >= 1 && cpu <= 4) {
            out.add("i80" + (cpu + 1) + "86");
        }
    }

    /** A little-endian value at base+rel, zero past the end; -1 when rel itself (the rule's offset) is out of range. */
    private static long usedRead(Bytes b, long base, long rel, int width) {
        if (!b.has(rel, width)) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < width; i++) {
            int x = b.u8(base + rel + i);
            v |= (long) Math.max(x, 0) << (8 * i);
        }
        return v;
    }

    private void portableExecutable() {
        long pe = lfanew();
        if (!b.str(pe, "PE\0\0")) {
            return;
        }
        out.add("PE");
        out.mime(PE_MIME);
        int magic = b.u16(pe + 24);
        if (magic == 0x10b) {
            out.glue("32 executable");
        } else if (magic == 0x20b) {
            out.glue("32+ executable");
        } else if (magic == 0x107) {
            out.add("ROM image");
        } else {
            out.add("Unknown PE signature");
            if (magic >= 0) {
                out.add(Description.hexShort(magic));
            }
        }
        int chars = b.u16(pe + 22);
        boolean dll = chars >= 0 && (chars & 0x2000) != 0;
        if (dll) {
            out.add("(DLL)");
        }
        subsystem(pe, chars);
        String machine = MACHINES.get(b.u16(pe + 4));
        if (machine != null) {
            out.add(machine);
        } else if (pe + 24 > b.n && !dll && b.u16(pe + 92) < 0) {
            // file's "default" for the machine fires only here: when the optional header's magic lies past the end,
            // the failed "Unknown PE signature" offset resets the level, and nothing after it matched.
            out.add("Unknown processor type");
            int raw = b.u16(pe + 4);
            if (raw >= 0) {
                out.add(Description.hexShort(raw));
            }
        }
        if (chars >= 0 && (chars & 0x0200) != 0) {
            out.add("(stripped to external PDB)");
        }
        if (chars >= 0 && (chars & 0x1000) != 0) {
            out.add("system file");
        }
        // The CLR runtime header's RVA (data directory 14); file tests it whatever NumberOfRvaAndSizes says.
        Integer clr = magic == 0x10b ? b.s32(pe + 232) : magic == 0x20b ? b.s32(pe + 248) : null;
        if (clr != null && clr > 0) {
            out.add("Mono/.Net assembly");
        }
        boolean rtm = b.str(stub(), "32STUB");
        out.glue(rtm ? ", 32rtm DOS extender" : ", for MS Windows");
        packersAndInstallers(pe);
        Integer sections = b.s16(pe + 6);
        if (sections != null && sections > 1) {
            out.glue(", " + sections + " sections");
        }
    }

    private void subsystem(long pe, int chars) {
        Integer sub = b.s16(pe + 92);
        if (sub == null) {
            return;
        }
        switch (sub) {
            case 0 -> {
                out.add("(");
                out.glue(b.u16(pe + 6) == 2 ? "Microsoft compiled help format 2.0)" : "Control Panel Item)");
            }
            case 1 -> out.add("(native)");
            case 7 -> {
                out.add("(POSIX");
                out.glue(")");
            }
            case 9 -> {
                out.add("(Windows CE");
                out.glue(")");
            }
            case 16 -> {
                out.add("(Windows boot application");
                out.glue(")");
            }
            default -> {
                String known = SUBSYSTEMS.get(sub);
                if (known != null) {
                    out.add(known);
                } else if (sub > 16) {
                    // file's rule prints the next field (DllCharacteristics) and no closing parenthesis.
                    out.add("(Unknown subsystem");
                    int next = b.u16(pe + 94);
                    if (next >= 0) {
                        out.add(Description.hexShort(next) + ")");
                    }
                }
            }
        }
    }

    private void packersAndInstallers(long pe) {
        long sec = pe + 0xf8; // the section table of a PE32 file; file uses this offset for PE32+ too
        if (b.str(sec, "UPX0")) {
            out.glue(", UPX compressed");
        }
        if (b.search(sec, 0x140, "PEC2") != NONE) {
            out.glue(", PECompact2 compressed");
        }
        long e = b.search(sec, 0x140, "UPX2");
        if (e != NONE && b.str(b.indPlusRead(e + 0x10, -4), "PK\3\4")) {
            out.glue(", ZIP self-extracting archive (Info-Zip)");
        }
        e = b.search(sec, 0x140, ".idata");
        if (e != NONE) {
            long raw = b.indPlusRead(e + 0xe, -4); // raw data pointer + size: the section's end
            if (b.str(raw, "PK\3\4")) {
                out.glue(", ZIP self-extracting archive (Info-Zip)");
            }
            if (b.str(raw, "ZZ0") || b.str(raw, "ZZ1")) {
                out.glue(", ZZip self-extracting archive");
            }
        }
        e = b.search(sec, 0x140, ".rsrc");
        if (e != NONE) {
            long raw = b.indPlusRead(e + 0x0f, -4);
            if (b.str(raw, "a\\\4\5")) {
                out.glue(", WinHKI self-extracting archive");
            }
            if (b.str(raw, "Rar!")) {
                out.glue(", RAR self-extracting archive");
            }
            if (b.search(raw, 0x3000, "MSCF") != NONE) {
                out.glue(", InstallShield self-extracting archive");
            }
            if (b.search(raw, 32, "Nullsoft") != NONE) {
                out.glue(", Nullsoft Installer self-extracting archive");
            }
        }
        e = b.search(sec, 0x140, ".data");
        if (e != NONE && b.str(b.ind32(e + 0x0f, 0), "WEXTRACT")) {
            out.glue(", MS CAB-Installer self-extracting archive");
        }
        if (b.search(sec, 0x140, ".petite\0") != NONE) {
            out.glue(", Petite compressed");
            if (b.has(pe + 0xf7, 1) && b.str(b.indPlusRead(pe + 0xf8 + 0x104, -4), "!sfx!")) {
                out.glue(", ACE self-extracting archive");
            }
        }
        if (b.search(sec, 0x140, ".WISE") != NONE) {
            out.glue(", WISE installer self-extracting archive");
        }
        if (b.search(sec, 0x140, ".dz\0\0\0") != NONE) {
            out.glue(", Dzip self-extracting archive");
        }
        // "&(0x3c.l+0xf8)": e_lfanew + 0xf8, made relative to the end of "PE\0\0" (so e_lfanew counts twice).
        long odd = Bytes.rel(pe + 4, b.ind32(0x3c, 0xf8));
        if (b.search(odd, 0x100, "_winzip_") != NONE) {
            out.glue(", ZIP self-extracting archive (WinZip)");
        }
        if (b.search(odd, 0x100, "SharedD") != NONE) {
            out.glue(", Microsoft Installer self-extracting archive");
        }
        if (b.str(0x30, "Inno")) {
            out.glue(", InnoSetup self-extracting archive");
        }
    }

    // e_lfarlc >= 0x40: not a plain DOS program; NE, LX, LE, W3, W4 or unknown.
    private void highRelocationTable() {
        int lfarlc = b.u16(0x18);
        if (lfarlc < 0x40) {
            return;
        }
        long hdr = lfanew();
        if (!b.str(hdr, "PE\0\0")) {
            out.add("MS-DOS executable");
        }
        if (b.str(hdr, "NE")) {
            newExecutable(hdr);
        }
        if (b.str(hdr, "LX\0\0")) {
            out.glue(", LX");
            out.mime(DOS_MIME);
            Integer os = b.s16(hdr + 0x0a);
            if (os != null) {
                out.add(os < 1 ? "(unknown OS)" : os == 1 ? "for OS/2" : os == 2 ? "for MS Windows"
                        : os == 3 ? "for DOS" : "(unknown OS)");
            }
            long flags = b.u32(hdr + 0x10);
            if (flags != NONE) {
                int f = (int) flags;
                if ((f & 0x28000) == 0x8000) {
                    out.add("(DLL)");
                }
                if ((f & 0x20000) != 0) {
                    out.add("(device driver)");
                }
                if ((f & 0x300) == 0x300) {
                    out.add("(GUI)");
                }
                if ((f & 0x28300) < 0x300) {
                    out.add("(console)");
                }
            }
            Integer cpu = b.s16(hdr + 8);
            if (cpu != null && cpu >= 1 && cpu <= 3) {
                out.add("i80" + (cpu + 1) + "86");
            }
            long emx = stub();
            if (b.str(emx, "emx")) {
                out.glue(", emx");
                String version = b.cstr(emx + 4, 64);
                if (version != null) {
                    out.add(version);
                }
            }
        }
        if (b.str(hdr, "W3")) {
            out.glue(", W3 for MS Windows");
            out.mime("application/x-ms-w3-executable");
        }
        if (b.str(hdr, "W4")) {
            out.glue(", W4 for MS Windows");
            out.mime("application/x-ms-w4-executable");
        }
        if (b.str(hdr, "LE\0\0")) {
            linearExecutable(hdr);
        }
        Integer lfanewSigned = b.s32(0x3c);
        if (lfanewSigned != null && lfanewSigned > 0x20000000) {
            long p = pages();
            if (b.u16(p) != 0x014c) { // a "!" test: out of range also matches
                out.glue(", MZ for MS-DOS");
                out.mime(DOS_MIME);
            }
        }
    }

    private void newExecutable(long ne) {
        out.glue(", NE");
        out.mime("application/x-ms-ne-executable");
        int os = b.u8(ne + 0x36);
        if (os >= 0 && os < NE_OS.length) {
            out.add(NE_OS[os]);
        } else if (os == 0x81) {
            out.add("for MS-DOS, Phar Lap DOS extender, OS/2");
        } else if (os == 0x82) {
            out.add("for MS-DOS, Phar Lap DOS extender, Windows");
        } else if (os >= 0) {
            out.add("(unknown OS 0x" + Integer.toHexString(os) + ")");
        }
        int major = b.u8(ne + 0x3f);
        if (major >= 0) {
            out.add("(" + major);
        }
        int minor = b.u8(ne + 0x3e);
        if (minor >= 0) {
            out.glue("." + minor + ")");
        }
        int flags = b.u16(ne + 0x0c);
        if (flags >= 0) {
            out.add((flags & 0x8000) != 0 ? "(DLL or font)" : "(EXE)");
        }
        // "&(&0x24.s-1)": the resident-names table offset, relative to the NE header.
        long names = Bytes.rel(ne + 2, b.ind(ne + 2 + 0x24, 2, 1, -1));
        if (b.str(names, "ARJSFX")) {
            out.glue(", ARJ self-extracting archive");
        }
        if (b.search(ne + 0x70, 0x80, "WinZip(R) Self-Extractor") != NONE) {
            out.glue(", ZIP self-extracting archive (WinZip)");
        }
    }

    private void linearExecutable(long le) {
        out.glue(", LE executable");
        out.mime(DOS_MIME);
        Integer os = b.s16(le + 0x0a);
        if (os != null && os == 1) {
            dosExtenders();
        } else if (os != null && os == 2) {
            out.add("for MS Windows");
        } else if (os != null && os == 3) {
            out.add("for DOS");
        } else if (os != null && os == 4) {
            out.add("for MS Windows (VxD)");
        }
        // Not modelled: the 32Lite, UPX and UNACE guesses under this rule.
    }

    private void dosExtenders() {
        if (b.search(0x240, 0x100, "DOS/4G") != NONE) {
            out.add("for MS-DOS, DOS4GW DOS extender");
        }
        if (b.search(0x240, 0x200, "WATCOM C/C++") != NONE) {
            out.add("for MS-DOS, DOS4GW DOS extender");
        }
        if (b.search(0x440, 0x100, "CauseWay DOS Extender") != NONE) {
            out.add("for MS-DOS, CauseWay DOS extender");
        }
        if (b.search(0x40, 0x40, "PMODE/W") != NONE) {
            out.add("for MS-DOS, PMODE/W DOS extender");
        }
        if (b.search(0x40, 0x40, "STUB/32A") != NONE) {
            out.add("for MS-DOS, DOS/32A DOS extender (stub)");
        }
        if (b.search(0x40, 0x80, "STUB/32C") != NONE) {
            out.add("for MS-DOS, DOS/32A DOS extender (configurable stub)");
        }
        if (b.search(0x40, 0x80, "DOS/32A") != NONE) {
            out.add("for MS-DOS, DOS/32A DOS extender (embedded)");
        }
    }

    /**
     * ">2 long !0": a plain DOS program with a low relocation table, or LE/BW images appended to it. Each level runs
     * only when the previous test's end offset is inside the file; "!" tests also match when out of range.
     */
    private void shortHeader() {
        if (b.n < 6 || b.u32(2) == 0) {
            return;
        }
        int lfarlc = b.u16(0x18);
        if (lfarlc < 0 || lfarlc >= 0x40) {
            return;
        }
        long p = pages();
        if (b.u16(p) == 0x014c || p + 2 > b.n) {
            return;
        }
        // "&(2.s-514)": e_cblp - 514 past the end of the page-count test, i.e. where the DOS image ends.
        long image = Bytes.rel(p + 2, b.ind(2, 2, 1, -514));
        // A zero offset fails before libmagic records it, leaving the rule's own offset (2) as the base for its end;
        // ends are kept as 32-bit signed values, so an image at 0xFFFFFFFF "ends" at 1.
        long imageEnd = (int) ((image == NONE ? 2 : image) + 2);
        boolean inside = imageEnd >= 0 && imageEnd <= b.n;
        if (!b.str(image, "LE") && inside && !b.str((imageEnd - 2) & 0xFFFFFFFFL, "BW") && notLxBeforeDosCheck()) {
            long hdr = lfanew();
            if (!b.str(hdr, "PE")) {
                out.glue(", MZ for MS-DOS");
                out.mime(DOS_MIME);
            }
        }
        if (b.str(image, "LE")) {
            out.glue(", LE");
            if (b.search(0x240, 0x100, "DOS/4G") != NONE) {
                out.add("for MS-DOS, DOS4GW DOS extender");
            }
        }
        if (b.str(image, "BW")) {
            boolean dos4g = b.search(0x240, 0x100, "DOS/4G") != NONE;
            out.glue(dos4g ? ", LE for MS-DOS, DOS4GW DOS extender (embedded)" : ", BW collection for MS-DOS");
        }
    }

    /** "(0x3c.l) string !LX" matched and its end offset lies inside the file, so its child test runs. */
    private boolean notLxBeforeDosCheck() {
        long hdr = lfanew();
        if (hdr == NONE) {
            return 0x3e <= b.n; // the failed read leaves the offset at 0x3c
        }
        return !b.str(hdr, "LX") && hdr + 2 <= b.n;
    }

    // A DJGPP/emx COFF image right after the DOS stub.
    private void djgppCoff() {
        if (b.u16(pages()) != 0x014c) {
            return;
        }
        out.glue(", COFF");
        out.mime(DOS_MIME);
        long stub = stub();
        if (b.str(stub, "go32stub")) {
            out.add("for MS-DOS, DJGPP go32 DOS extender");
        }
        if (b.str(stub, "emx")) {
            String version = b.cstr(stub + 4, 64);
            if (version != null) {
                out.add("for DOS, Win or OS/2, emx " + version);
            }
        }
        // Not modelled: the UPX and 32lite guesses under this rule.
    }

    private void fixedOffsetArchives() {
        if (b.str(0x35, "\u008e\u00c0\u00b9\u0008\u0000\u00f3\u00a5\u004a\u0075\u00eb\u008e\u00c3\u008e\u00d8\u0033\u00ff\u00be\u0030\u0000\u0005")) {
            out.glue(", aPack compressed");
        }
        String[][] at1c = {{"UC2X", ", UCEXE compressed"}, {"WWP ", ", WWPACK compressed"},
            {"RJSX", ", ARJ self-extracting archive"}, {"diet", ", diet compressed"},
            {"LZ09", ", LZEXE v0.90 compressed"}, {"LZ91", ", LZEXE v0.91 compressed"},
            {"tz", ", TinyProg compressed"}};
        for (String[] sig : at1c) {
            if (b.str(0x1c, sig[0])) {
                out.glue(sig[1]);
            }
        }
        if (b.str(0x1e, "Copyright 1989-1990 PKWARE Inc.") || b.str(0x1e, "PKLITE Copr.")) {
            out.add("Self-extracting PKZIP archive");
            out.mime("application/zip");
        }
        if (b.search(0x20, 0xe0, "aRJsfX") != NONE) {
            out.glue(", ARJ self-extracting archive");
        }
        if (b.str(0x20, "AIN")) {
            int v = b.u8(0x23);
            if (v == '2') {
                out.glue(", AIN 2.x compressed");
            } else if (v >= 0) {
                out.glue(", AIN 1.x compressed");
            }
        }
        if (b.str(0x24, "LHa's SFX") || b.str(0x24, "LHA's SFX")) {
            out.glue(", LHa self-extracting archive");
            out.mime("application/x-lha");
        }
        if (b.str(0x24, " $ARX")) {
            out.glue(", ARX self-extracting archive");
        }
        if (b.str(0x24, " $LHarc")) {
            out.glue(", LHarc self-extracting archive");
        }
        if (b.str(0x20, "SFX by LARC")) {
            out.glue(", LARC self-extracting archive");
        }
        if (b.str(0x40, "aPKG")) {
            out.glue(", aPackage self-extracting archive");
        }
        if (b.str(0x64, "W Collis\0\0")) {
            out.glue(", Compack compressed");
        }
        long e = b.str(0x7a, "Windows self-extracting ZIP") ? 0x7a + 27 : NONE;
        if (e != NONE) {
            out.glue(", ZIP self-extracting archive");
            long f = b.search(e + 0xf4, 0x140, "\0\u0040\u0001\0");
            if (f != NONE && b.str(b.indPlusRead(f, 4), "MSCF")) {
                out.glue(", WinHKI CAB self-extracting archive");
            }
        }
        if (b.str(1638, "-lh5-")) {
            out.glue(", LHa self-extracting archive v2.13S");
        }
        if (b.str(0x17888, "Rar!")) {
            out.glue(", RAR self-extracting archive");
        }
    }

    // Archives appended right after the DOS image (e_cp pages, e_cblp bytes in the last one).
    private void afterDosImage() {
        long p = pages();
        if (!b.has(p, 4)) {
            return;
        }
        long last = Bytes.rel(p + 4, b.ind(2, 2, 1, -517));
        if (!b.has(last, 1)) {
            return;
        }
        long end = last + 1;
        if (b.str(end, "PK\3\4")) {
            out.glue(", ZIP self-extracting archive");
        }
        if (b.str(end, "Rar!")) {
            out.glue(", RAR self-extracting archive");
        }
        if (b.str(end, "!\u0011") || b.str(end, "!\u0012")) {
            out.glue(", AIN 2.x self-extracting archive");
        }
        if (b.str(end, "!\u0017") || b.str(end, "!\u0018")) {
            out.glue(", AIN 1.x self-extracting archive");
        }
        if (b.search(end + 7, 400, "**ACE**") != NONE) {
            out.glue(", ACE self-extracting archive");
        }
        if (b.search(end, 0x480, "UC2SFX Header") != NONE) {
            out.glue(", UC2 self-extracting archive");
        }
    }

    private void miscArchives() {
        if (b.search(stub(), 0x20, "PKSFX") != NONE) {
            out.glue(", ZIP self-extracting archive (PKZIP)");
        }
        if (b.str(49801, "\u0079\u00ff\u0080\u00ff\u0076\u00ff")) {
            out.glue(", CODEC archive v3.21");
            Integer files = b.s16(49824);
            if (files != null && files == 1) {
                out.glue(", 1 file");
            } else if (files != null && files > 1) {
                out.glue(", " + files + " files");
            }
        }
    }
}
