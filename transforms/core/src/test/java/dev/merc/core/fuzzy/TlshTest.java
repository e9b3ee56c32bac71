package dev.merc.core.fuzzy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@link Tlsh} against Debian's {@code tlsh} 3.4.4 binary, on inputs generated here with fixed seeds. The expected
 * values come from running the tool on the same bytes at test time; those tests are skipped where it is absent.
 */
public class TlshTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    static Map<String, byte[]> samples() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        Random rnd = new Random(2013);
        for (int n : new int[] {0, 4, 5, 6, 200, 255, 256, 257, 300, 1000, 4096, 65_539, 1_000_000}) {
            s.put("random-" + n, SsdeepTest.random(rnd, n));
        }
        s.put("zeros-1000", new byte[1000]);
        s.put("text-256", SsdeepTest.text(rnd, 256));
        s.put("text-100000", SsdeepTest.text(rnd, 100_000));
        s.put("low-entropy-50000", SsdeepTest.lowEntropy(rnd, 50_000));
        s.put("pattern-3000", SsdeepTest.pattern(3000));
        // Few distinct byte values: too few buckets filled, so no digest.
        for (int alphabet : new int[] {2, 3, 4, 6}) {
            byte[] b = new byte[2000];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) rnd.nextInt(alphabet);
            }
            s.put("alphabet" + alphabet + "-2000", b);
        }
        // Lengths where the log-scaled length byte steps up, and the byte before (tlsh computes it in float).
        int previous = TlshHasher.lCapturing(TlshHasher.MIN_DATA_LENGTH);
        for (int n = TlshHasher.MIN_DATA_LENGTH + 1; n <= 1 << 20; n++) {
            int l = TlshHasher.lCapturing(n);
            if (l != previous) {
                s.put("lstep-" + (n - 1), SsdeepTest.random(rnd, n - 1));
                s.put("lstep-" + n, SsdeepTest.random(rnd, n));
                previous = l;
            }
        }
        return s;
    }

    @Test
    public void digestsEqualTheToolOnGeneratedInputs() throws IOException {
        assumeTrue("tlsh 3.4.4 not installed", FuzzyTools.hasTlsh());
        Map<String, byte[]> samples = samples();
        Path dir = tmp.newFolder("tlsh").toPath();
        Map<String, Path> paths = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : samples.entrySet()) {
            paths.put(e.getKey(), Files.write(dir.resolve(e.getKey()), e.getValue()));
        }
        Map<Path, String> expected = FuzzyTools.tlsh(dir);
        List<String> mismatches = new ArrayList<>();
        int nulls = 0;
        for (Map.Entry<String, byte[]> e : samples.entrySet()) {
            Path p = paths.get(e.getKey()).toAbsolutePath();
            String got = Tlsh.hash(e.getValue(), e.getValue().length);
            nulls += got == null ? 1 : 0;
            if (!expected.containsKey(p) || !Objects.equals(expected.get(p), got)) {
                mismatches.add(e.getKey() + ": tool " + (expected.containsKey(p) ? expected.get(p) : "(nothing)")
                        + ", ours " + got);
            }
        }
        assertEquals("mismatches: " + mismatches, List.of(), mismatches);
        assertTrue("the samples should include inputs without a digest", nulls >= 8);
    }

    @Test
    public void noDigestBelowTheMinimumOrWithoutVariance() {
        byte[] data = SsdeepTest.random(new Random(9), 256);
        assertNull(Tlsh.hash(data, 255));
        assertNotNull(Tlsh.hash(data, 256));
        assertNull(Tlsh.hash(new byte[4096], 4096));
    }

    @Test
    public void chunkedUpdatesGiveTheSameDigest() {
        Random rnd = new Random(31);
        for (byte[] data : List.of(SsdeepTest.random(rnd, 50_000), SsdeepTest.text(rnd, 9_999),
                SsdeepTest.random(rnd, 256))) {
            String whole = Tlsh.hash(data, data.length);
            assertNotNull(whole);
            assertEquals(72, whole.length());
            for (int chunk : new int[] {1, 2, 3, 5, 7, 4095, 65_536}) {
                TlshHasher h = new TlshHasher();
                for (int off = 0; off < data.length; off += chunk) {
                    h.update(data, off, Math.min(chunk, data.length - off));
                }
                assertEquals("chunk " + chunk, whole, h.digest());
            }
        }
    }

    private Map<String, String> digestsForDistances() {
        Random rnd = new Random(777);
        Map<String, String> digests = new LinkedHashMap<>();
        for (int size : new int[] {300, 5_000, 80_000, 700_000}) {
            for (byte[] base : List.of(SsdeepTest.random(rnd, size), SsdeepTest.text(rnd, size),
                    SsdeepTest.lowEntropy(rnd, size))) {
                String tag = size + "-" + digests.size();
                String d = Tlsh.hash(base, base.length);
                if (d != null) {
                    digests.put("base-" + tag, d);
                }
                for (int edits : new int[] {1, 10, 100}) {
                    byte[] v = base.clone();
                    for (int e = 0; e < edits; e++) {
                        v[rnd.nextInt(v.length)] = (byte) rnd.nextInt(256);
                    }
                    int cut = rnd.nextInt(Math.max(1, size / 4));
                    d = Tlsh.hash(v, v.length - cut);
                    if (d != null) {
                        digests.put("edit" + edits + "-" + tag, d);
                    }
                }
            }
        }
        return digests;
    }

    @Test
    public void distancesEqualTheTool() {
        assumeTrue("tlsh 3.4.4 not installed", FuzzyTools.hasTlsh());
        Map<String, String> digests = digestsForDistances();
        for (boolean includeLength : new boolean[] {true, false}) {
            Map<String, Integer> expected = FuzzyTools.tlshDistances(digests, includeLength, tmp.getRoot().toPath());
            int n = digests.size();
            assertEquals(n * (n - 1) / 2, expected.size());
            List<String> mismatches = new ArrayList<>();
            for (Map.Entry<String, Integer> e : expected.entrySet()) {
                String[] names = e.getKey().split("\t");
                int got = Tlsh.distance(digests.get(names[0]), digests.get(names[1]), includeLength);
                if (got != e.getValue()) {
                    mismatches.add(e.getKey() + ": tool " + e.getValue() + ", ours " + got);
                }
            }
            assertEquals("includeLength " + includeLength + " mismatches: " + mismatches, List.of(), mismatches);
        }
    }

    @Test
    public void distanceBasics() {
        byte[] data = SsdeepTest.text(new Random(3), 20_000);
        String d = Tlsh.hash(data, data.length);
        assertEquals(0, Tlsh.distance(d, d));
        assertEquals(0, Tlsh.distance(d, d.substring(2)));
        String other = Tlsh.hash(data, 10_000);
        assertTrue(Tlsh.distance(d, other) > Tlsh.distance(d, other, false));
        assertEquals(Tlsh.distance(d, other), Tlsh.distance(other, d));
        assertThrows(IllegalArgumentException.class, () -> Tlsh.distance(d, "T1ABC"));
        assertThrows(IllegalArgumentException.class, () -> Tlsh.distance(d, d.substring(0, 71) + "G"));
    }

    /**
     * The length byte is computed from a single-precision logarithm, so it is checked against libtlsh's own
     * {@code l_capturing} (exported by Debian's libtlsh.so.0) for every length up to 2^26, through a tiny C++
     * program compiled at test time. Skipped without g++ or the library. (The same program run over all 2^32
     * lengths found the Java function equal at each of libtlsh's 170 steps.)
     */
    @Test
    public void lengthByteEqualsLibtlsh() throws IOException {
        Path lib = Path.of("/usr/lib/x86_64-linux-gnu/libtlsh.so.0");
        assumeTrue("libtlsh.so.0 not installed", Files.exists(lib));
        Path dir = tmp.newFolder("lcap").toPath();
        Path src = Files.writeString(dir.resolve("lcap.cpp"), String.join("\n",
                "#include <cstdio>",
                "#include <cstdlib>",
                "unsigned char l_capturing(unsigned int len);",
                "int main(int argc, char **argv) {",
                "  unsigned long limit = strtoul(argv[1], 0, 10);",
                "  unsigned prev = l_capturing(1);",
                "  for (unsigned long n = 2; n <= limit; n++) {",
                "    unsigned v = l_capturing((unsigned) n);",
                "    if (v != prev) { printf(\"%lu %u\\n\", n, v); prev = v; }",
                "  }",
                "  return 0;",
                "}", ""));
        Path exe = dir.resolve("lcap");
        FuzzyTools.Output cc;
        try {
            cc = FuzzyTools.run(List.of("g++", "-O2", "-o", exe.toString(), src.toString(), lib.toString()));
        } catch (java.io.UncheckedIOException e) {
            cc = null;
        }
        assumeTrue("g++ could not build against libtlsh", cc != null && cc.exitCode() == 0);
        int limit = 1 << 26;
        List<String> expected = FuzzyTools.run(List.of(exe.toString(), Integer.toString(limit))).stdout();
        List<String> ours = new ArrayList<>();
        int prev = TlshHasher.lCapturing(1);
        for (int n = 2; n <= limit; n++) {
            int l = TlshHasher.lCapturing(n);
            if (l != prev) {
                ours.add(n + " " + l);
                prev = l;
            }
        }
        assertTrue("libtlsh should step many times below 2^26", expected.size() > 100);
        assertEquals(expected, ours);
    }

    @Test
    public void lengthByteGrowsWithLength() {
        int[] expectedMonotone = new int[30];
        int n = 256;
        for (int i = 0; i < expectedMonotone.length; i++, n = n * 3 / 2) {
            expectedMonotone[i] = TlshHasher.lCapturing(n);
        }
        int[] sorted = expectedMonotone.clone();
        Arrays.sort(sorted);
        // Up to ~50 MB here; the byte would only wrap past 255 for lengths beyond 32 bits.
        assertTrue(Arrays.equals(sorted, expectedMonotone));
    }
}
