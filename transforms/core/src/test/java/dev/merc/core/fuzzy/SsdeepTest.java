package dev.merc.core.fuzzy;

import static org.junit.Assert.assertEquals;
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
import java.util.Random;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@link Ssdeep} against the {@code ssdeep} 2.14.1 binary, on inputs generated here with fixed seeds. The expected
 * values come from running the tool on the same bytes at test time; those tests are skipped where it is absent.
 */
public class SsdeepTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** Named inputs around ssdeep's interesting sizes and contents. */
    static Map<String, byte[]> samples() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        Random rnd = new Random(20061);
        for (int n : new int[] {0, 1, 2, 3, 6, 7, 8, 63, 64, 65, 100}) {
            s.put("random-" + n, random(rnd, n));
        }
        // Block size b is the first guess for inputs up to 64*b bytes: 192, 384, 768, ...
        for (int k = 0; k <= 14; k++) {
            int edge = (3 << k) * 64;
            for (int d : new int[] {-1, 0, 1}) {
                s.put("random-" + (edge + d), random(rnd, edge + d));
            }
        }
        s.put("zeros-100000", new byte[100_000]);
        byte[] ff = new byte[5000];
        Arrays.fill(ff, (byte) 0xff);
        s.put("ff-5000", ff);
        // A rolling sum of 0 at the end (seven or more trailing zeros) takes ssdeep's other ending branch.
        for (int n : new int[] {1000, 20_000, 300_000}) {
            s.put("random-then-zeros-" + n, Arrays.copyOf(random(rnd, n), n + 64));
        }
        s.put("text-200000", text(rnd, 200_000));
        s.put("low-entropy-150000", lowEntropy(rnd, 150_000));
        s.put("pattern-70000", pattern(70_000));
        s.put("random-4000000", random(rnd, 4_000_000));
        return s;
    }

    static byte[] random(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    /** Words from a small vocabulary: many trigger points, long signatures at the guessed block size. */
    static byte[] text(Random rnd, int n) {
        String[] words = {"the ", "quick ", "brown ", "fox ", "jumps ", "over ", "lazy ", "dog ", "\r\n", "PE ", "MZ "};
        StringBuilder sb = new StringBuilder(n + 16);
        while (sb.length() < n) {
            sb.append(words[rnd.nextInt(words.length)]);
        }
        return sb.substring(0, n).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Mostly zero with sparse random bytes, like padded executable sections. */
    static byte[] lowEntropy(Random rnd, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            if (rnd.nextInt(16) == 0) {
                b[i] = (byte) rnd.nextInt(4);
            }
        }
        return b;
    }

    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i % 251 * 7);
        }
        return b;
    }

    private Map<String, Path> writeAll(Map<String, byte[]> samples, Path dir) throws IOException {
        Map<String, Path> paths = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : samples.entrySet()) {
            paths.put(e.getKey(), Files.write(dir.resolve(e.getKey()), e.getValue()));
        }
        return paths;
    }

    @Test
    public void digestsEqualTheToolOnGeneratedInputs() throws IOException {
        assumeTrue("ssdeep 2.14.1 not installed", FuzzyTools.hasSsdeep());
        Map<String, byte[]> samples = samples();
        Path dir = tmp.newFolder("ssdeep").toPath();
        Map<String, Path> paths = writeAll(samples, dir);
        Map<Path, String> expected = FuzzyTools.ssdeep(dir);
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : samples.entrySet()) {
            String want = expected.get(paths.get(e.getKey()).toAbsolutePath());
            String got = Ssdeep.hash(e.getValue(), e.getValue().length);
            if (!got.equals(want)) {
                mismatches.add(e.getKey() + ": tool " + want + ", ours " + got);
            }
        }
        assertEquals("mismatches: " + mismatches, List.of(), mismatches);
    }

    @Test
    public void lengthArgumentLimitsTheInput() {
        byte[] data = random(new Random(5), 10_000);
        assertEquals(Ssdeep.hash(Arrays.copyOf(data, 7000), 7000), Ssdeep.hash(data, 7000));
    }

    @Test
    public void chunkedUpdatesGiveTheSameDigest() {
        Random rnd = new Random(77);
        for (byte[] data : List.of(random(rnd, 50_000), text(rnd, 123_457), lowEntropy(rnd, 33_333), new byte[9])) {
            String whole = Ssdeep.hash(data, data.length);
            for (int chunk : new int[] {1, 2, 3, 7, 13, 4095, 65_536}) {
                SsdeepHasher h = new SsdeepHasher(data.length);
                for (int off = 0; off < data.length; off += chunk) {
                    h.update(data, off, Math.min(chunk, data.length - off));
                }
                assertEquals("chunk " + chunk, whole, h.digest());
            }
        }
    }

    @Test
    public void declaredLengthIsEnforced() {
        SsdeepHasher h = new SsdeepHasher(10);
        h.update(new byte[6], 0, 6);
        assertThrows(IllegalStateException.class, h::digest);
        assertThrows(IllegalStateException.class, () -> h.update(new byte[5], 0, 5));
        assertThrows(IllegalArgumentException.class, () -> new SsdeepHasher(-1));
    }

    @Test
    public void emptyAndUntriggeredInputsHaveEmptySignatures() {
        // No trigger point ever fires on all-zero input: the rolling sum stays 0.
        assertEquals("3::", Ssdeep.hash(new byte[0], 0));
        assertEquals("3::", Ssdeep.hash(new byte[100_000], 100_000));
    }

    /** Variants of one base input with edits of growing size, plus unrelated inputs: a spread of scores. */
    private Map<String, String> digestsForScoring() {
        Random rnd = new Random(4242);
        Map<String, String> digests = new LinkedHashMap<>();
        for (int size : new int[] {300, 2_000, 40_000, 400_000}) {
            for (byte[] base : List.of(random(rnd, size), text(rnd, size))) {
                String tag = size + "-" + (digests.size() / 6);
                digests.put("base-" + tag, Ssdeep.hash(base, base.length));
                for (int edits : new int[] {1, 4, 16, 64}) {
                    byte[] v = base.clone();
                    for (int e = 0; e < edits; e++) {
                        int at = rnd.nextInt(v.length);
                        int len = Math.min(v.length - at, 1 + rnd.nextInt(Math.max(1, size / 100)));
                        byte[] patch = random(rnd, len);
                        System.arraycopy(patch, 0, v, at, len);
                    }
                    digests.put("edit" + edits + "-" + tag, Ssdeep.hash(v, v.length));
                }
                byte[] grown = Arrays.copyOf(base, base.length * 2 + 17);
                System.arraycopy(base, 0, grown, base.length + 17, base.length);
                digests.put("doubled-" + tag, Ssdeep.hash(grown, grown.length));
            }
        }
        // Runs of one character, cut to three before scoring.
        digests.put("runs-a", "3:AAAAAAAAAAAAbcdefgh:AAAAAAAAbcdefgh");
        digests.put("runs-b", "3:AAAbcdefghAAAAAAA:AAAAbcdefgh");
        digests.put("short", "3:abc:ab");
        return digests;
    }

    @Test
    public void scoresEqualTheTool() throws IOException {
        assumeTrue("ssdeep 2.14.1 not installed", FuzzyTools.hasSsdeep());
        Map<String, String> digests = digestsForScoring();
        Map<String, Integer> expected = FuzzyTools.ssdeepScores(digests, true, tmp.getRoot().toPath());
        List<String> mismatches = new ArrayList<>();
        int nonZero = 0;
        for (String a : digests.keySet()) {
            for (String b : digests.keySet()) {
                if (a.equals(b)) {
                    continue;
                }
                Integer want = expected.get(a + "\t" + b);
                int got = Ssdeep.compare(digests.get(a), digests.get(b));
                nonZero += got > 0 ? 1 : 0;
                if (want == null || want != got) {
                    mismatches.add(a + " vs " + b + ": tool " + want + ", ours " + got);
                }
            }
        }
        assertEquals("mismatches: " + mismatches, List.of(), mismatches);
        assertTrue("the sample should produce some matches, got " + nonZero, nonZero > 20);
    }

    @Test
    public void compareBasics() {
        String d = Ssdeep.hash(text(new Random(1), 50_000), 50_000);
        assertEquals(100, Ssdeep.compare(d, d));
        assertEquals(100, Ssdeep.compare(d, d + ",\"some file name\""));
        // Block sizes more than a factor of two apart cannot be compared.
        assertEquals(0, Ssdeep.compare("3:abcdefghij:abcdefghij", "12:abcdefghij:abcdefghij"));
        assertThrows(IllegalArgumentException.class, () -> Ssdeep.compare("abc", d));
        assertThrows(IllegalArgumentException.class, () -> Ssdeep.compare("3:abcdefgh", d));
    }
}
