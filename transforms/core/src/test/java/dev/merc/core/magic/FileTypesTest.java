package dev.merc.core.magic;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * PE headers built here, byte by byte. The hard-coded expected strings are what {@code file -b} and
 * {@code file -b --mime-type} 5.44 (Debian 1:5.44-3) printed for the same bytes; {@link #agreesWithFileOnVariants}
 * re-checks a wider set of variants against the installed {@code file} when it is present.
 */
public class FileTypesTest {
    private static final String PE_MIME = "application/vnd.microsoft.portable-executable";

    /** A minimal PE: e_lfanew 0x80, 3 sections, console, executable; i386/PE32 or x86-64/PE32+. */
    static byte[] pe(boolean plus) {
        byte[] b = new byte[0x600];
        b[0] = 'M';
        b[1] = 'Z';
        put16(b, 2, 0x90);
        put16(b, 4, 3);
        put16(b, 8, 4);
        put16(b, 0x18, 0x40);
        put32(b, 0x3c, 0x80);
        b[0x80] = 'P';
        b[0x81] = 'E';
        put16(b, 0x84, plus ? 0x8664 : 0x14c);
        put16(b, 0x86, 3);
        put16(b, 0x94, plus ? 0xf0 : 0xe0);
        put16(b, 0x96, 0x0102);
        put16(b, 0x98, plus ? 0x20b : 0x10b);
        put16(b, 0x80 + 92, 3);
        return b;
    }

    static byte[] with16(byte[] b, int off, int v) {
        put16(b, off, v);
        return b;
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
    }

    static void put32(byte[] b, int off, int v) {
        put16(b, off, v);
        put16(b, off + 2, v >>> 16);
    }

    private static FileType id(byte[] b) {
        return FileTypes.identify(b, b.length);
    }

    private static void assertMagic(String expected, byte[] b) {
        FileType t = id(b);
        assertEquals(expected, t.magic());
        assertEquals(PE_MIME, t.mime());
    }

    @Test
    public void pe32AndPe32PlusConsoleExecutables() {
        assertMagic("PE32 executable (console) Intel 80386, for MS Windows, 3 sections", pe(false));
        assertMagic("PE32+ executable (console) x86-64, for MS Windows, 3 sections", pe(true));
    }

    @Test
    public void dllGuiAndNativeSubsystems() {
        assertMagic("PE32+ executable (DLL) (GUI) x86-64, for MS Windows, 3 sections",
                with16(with16(pe(true), 0x96, 0x2102), 0x80 + 92, 2));
        assertMagic("PE32 executable (DLL) (native) Intel 80386, for MS Windows, 3 sections",
                with16(with16(pe(false), 0x96, 0x2102), 0x80 + 92, 1));
        assertMagic("PE32+ executable (EFI application) x86-64, for MS Windows, 3 sections",
                with16(pe(true), 0x80 + 92, 10));
        assertMagic("PE32 executable (Control Panel Item) Intel 80386, for MS Windows, 3 sections",
                with16(pe(false), 0x80 + 92, 0));
        assertMagic("PE32 executable (POSIX) Intel 80386, for MS Windows, 3 sections", with16(pe(false), 0x80 + 92, 7));
    }

    @Test
    public void unknownSubsystemPrintsTheNextField() {
        byte[] b = with16(with16(pe(true), 0x80 + 92, 0x11), 0x80 + 94, 0x8160);
        assertMagic("PE32+ executable (Unknown subsystem 0xffff8160) x86-64, for MS Windows, 3 sections", b);
    }

    @Test
    public void machines() {
        assertMagic("PE32+ executable (console) Aarch64, for MS Windows, 3 sections", with16(pe(true), 0x84, 0xaa64));
        assertMagic("PE32 executable (console) ARMv7 Thumb, for MS Windows, 3 sections", with16(pe(false), 0x84, 0x1c4));
        assertMagic("PE32 executable (console) ARM, for MS Windows, 3 sections", with16(pe(false), 0x84, 0x1c0));
        assertMagic("PE32 executable (console), for MS Windows, 3 sections", with16(pe(false), 0x84, 0x1234));
    }

    @Test
    public void strippedSystemFileAndDotNet() {
        assertMagic("PE32 executable (console) Intel 80386 (stripped to external PDB) system file, for MS Windows,"
                + " 3 sections", with16(pe(false), 0x96, 0x1302));
        byte[] net = pe(false);
        put32(net, 0x80 + 232, 0x2008);
        assertMagic("PE32 executable (console) Intel 80386 Mono/.Net assembly, for MS Windows, 3 sections", net);
        byte[] net64 = pe(true);
        put32(net64, 0x80 + 248, 0x80000000); // file's test is signed: a negative RVA is not .NET
        assertMagic("PE32+ executable (console) x86-64, for MS Windows, 3 sections", net64);
    }

    @Test
    public void sectionCountOnlyAboveOne() {
        assertMagic("PE32 executable (console) Intel 80386, for MS Windows", with16(pe(false), 0x86, 1));
        assertMagic("PE32 executable (console) Intel 80386, for MS Windows", with16(pe(false), 0x86, 0x8000));
    }

    @Test
    public void truncatedAndUnknownOptionalHeader() {
        byte[] cut = java.util.Arrays.copyOf(pe(true), 0x84);
        assertMagic("PE Unknown PE signature Unknown processor type, for MS Windows", cut);
        assertMagic("PE Unknown PE signature 0x10c (console) Intel 80386, for MS Windows, 3 sections",
                with16(pe(false), 0x98, 0x10c));
    }

    @Test
    public void packersAndSelfExtractors() {
        byte[] upx = pe(false);
        System.arraycopy("UPX0".getBytes(StandardCharsets.US_ASCII), 0, upx, 0x80 + 0xf8, 4);
        assertMagic("PE32 executable (console) Intel 80386, for MS Windows, UPX compressed, 3 sections", upx);
        // A ".rsrc" section header whose raw data (pointer 0x300 + size 0x100) is followed by a RAR archive.
        byte[] rar = pe(false);
        System.arraycopy(".rsrc".getBytes(StandardCharsets.US_ASCII), 0, rar, 0x1a0, 5);
        put32(rar, 0x1a0 + 16, 0x100);
        put32(rar, 0x1a0 + 20, 0x300);
        System.arraycopy("Rar!".getBytes(StandardCharsets.US_ASCII), 0, rar, 0x400, 4);
        assertMagic("PE32 executable (console) Intel 80386, for MS Windows, RAR self-extracting archive, 3 sections",
                rar);
    }

    @Test
    public void msDosExecutables() {
        byte[] dos = new byte[0x400];
        dos[0] = 'M';
        dos[1] = 'Z';
        put16(dos, 2, 0x10);
        put16(dos, 4, 2);
        put16(dos, 8, 4);
        put16(dos, 0x18, 0x1c);
        assertEquals(new FileType("MS-DOS executable, MZ for MS-DOS", "application/x-dosexec"), id(dos));
        byte[] ne = with16(new byte[0x600], 0x18, 0x40);
        ne[0] = 'M';
        ne[1] = 'Z';
        put32(ne, 0x3c, 0x80);
        ne[0x80] = 'N';
        ne[0x81] = 'E';
        ne[0x80 + 0x36] = 2;
        ne[0x80 + 0x3f] = 3;
        ne[0x80 + 0x3e] = 10;
        assertEquals(new FileType("MS-DOS executable, NE for MS Windows 3.x (3.10) (EXE)",
                "application/x-ms-ne-executable"), id(ne));
    }

    @Test
    public void otherTypes() {
        assertEquals(new FileType("empty", "inode/x-empty"), FileTypes.identify(new byte[10], 0));
        assertEquals("text/plain", id("hello\n".getBytes(StandardCharsets.US_ASCII)).mime());
        assertEquals("ASCII text", id("hello\n".getBytes(StandardCharsets.US_ASCII)).magic());
        assertEquals(new FileType("data", "application/octet-stream"), id(new byte[] {0, 1, 2, (byte) 0xff}));
        assertEquals("application/x-7z-compressed", id(new byte[] {'7', 'z', (byte) 0xbc, (byte) 0xaf, 0x27, 0x1c,
            0, 4}).mime());
        // Only "MZ": file's MZ rules print nothing and the bytes are text.
        assertEquals("ASCII text, with no line terminators", id(new byte[] {'M', 'Z'}).magic());
    }

    @Test
    public void lengthLimitsWhatIsRead() {
        byte[] b = java.util.Arrays.copyOf(pe(false), 0x2000);
        assertEquals(id(java.util.Arrays.copyOf(b, 0x84)), FileTypes.identify(b, 0x84));
    }

    @Test
    public void onlyTheFirst7MiBAreExamined() {
        byte[] big = new byte[8 << 20];
        byte[] small = pe(false);
        System.arraycopy(small, 0, big, 0, small.length);
        put32(big, 0x3c, 0x780000); // the PE header lies past file's 7 MiB window
        System.arraycopy(small, 0x80, big, 0x780000, 0x200);
        assertEquals(new FileType("MS-DOS executable", "application/octet-stream"), id(big));
    }

    @Test
    public void neverThrowsOnMutatedHeaders() {
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = pe(r.nextBoolean());
            for (int k = 0; k < 6; k++) {
                b[r.nextInt(0x200)] = (byte) r.nextInt();
            }
            FileType t = FileTypes.identify(b, r.nextInt(b.length + 1));
            assertTrue(t.magic() != null && t.mime() != null);
        }
    }

    /** Many variants, each judged by the installed file(1); skipped where file is absent. */
    @Test
    public void agreesWithFileOnVariants() throws Exception {
        assumeTrue("file(1) is not on the PATH: skipping the oracle comparison", FileOracle.available());
        Map<String, byte[]> variants = new LinkedHashMap<>();
        int[] machines = {0x14c, 0x166, 0x168, 0x184, 0x1a2, 0x1a3, 0x1a6, 0x1a8, 0x169, 0x1c0, 0x1c2, 0x1c4,
            0x1d3, 0x1f0, 0x1f1, 0x1f2, 0x200, 0x266, 0x268, 0x290, 0x366, 0x466, 0xebc, 0x5032, 0x5064, 0x5128,
            0x9041, 0x8664, 0xaa64, 0xc0ee, 0, 0xffff};
        for (boolean plus : new boolean[] {false, true}) {
            for (int m : machines) {
                variants.put("m" + m + plus, with16(pe(plus), 0x84, m));
            }
            for (int s = 0; s <= 18; s++) {
                variants.put("s" + s + plus, with16(pe(plus), 0x80 + 92, s));
                variants.put("sd" + s + plus, with16(with16(pe(plus), 0x80 + 92, s), 0x96, 0x2102));
            }
            for (int c : new int[] {0, 0x0202, 0x1002, 0x2002, 0x3302, 0xffff}) {
                variants.put("c" + c + plus, with16(pe(plus), 0x96, c));
            }
            for (int magic : new int[] {0x107, 0x10c, 0, 0x8000}) {
                variants.put("g" + magic + plus, with16(pe(plus), 0x98, magic));
            }
            for (int cut : new int[] {0x84, 0x86, 0x98, 0x99, 0xdc, 0xe0, 0x178}) {
                variants.put("t" + cut + plus, java.util.Arrays.copyOf(pe(plus), cut));
            }
            byte[] rar = pe(plus);
            rar[0x1a0] = '.';
            rar[0x1a1] = 'r';
            rar[0x1a2] = 's';
            rar[0x1a3] = 'r';
            rar[0x1a4] = 'c';
            put32(rar, 0x1a0 + 16, 0x100);
            put32(rar, 0x1a0 + 20, 0x300);
            System.arraycopy("Rar!".getBytes(StandardCharsets.US_ASCII), 0, rar, 0x400, 4);
            variants.put("rar" + plus, rar);
        }
        Path dir = Files.createTempDirectory("merc-magic");
        try {
            List<Path> paths = new ArrayList<>();
            for (Map.Entry<String, byte[]> e : variants.entrySet()) {
                paths.add(Files.write(dir.resolve(e.getKey()), e.getValue()));
            }
            List<String> magic = FileOracle.run(paths, false);
            List<String> mime = FileOracle.run(paths, true);
            List<String> bad = new ArrayList<>();
            int i = 0;
            for (byte[] b : variants.values()) {
                FileType t = id(b);
                if (!t.magic().equals(magic.get(i)) || !t.mime().equals(mime.get(i))) {
                    bad.add(paths.get(i).getFileName() + ": file=" + magic.get(i) + " | " + mime.get(i)
                            + "  merc=" + t.magic() + " | " + t.mime());
                }
                i++;
            }
            assertTrue(String.join("\n", bad), bad.isEmpty());
        } finally {
            for (Path p : Files.list(dir).toList()) {
                Files.delete(p);
            }
            Files.delete(dir);
        }
    }
}
