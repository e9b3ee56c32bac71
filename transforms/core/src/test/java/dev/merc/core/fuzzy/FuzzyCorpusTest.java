package dev.merc.core.fuzzy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Every file of a corpus against {@code ssdeep} 2.14.1 and {@code tlsh} 3.4.4: digests, ssdeep scores and TLSH
 * distances. Skipped unless env {@code MERC_CORPUS} names a folder and both tools are installed.
 *
 * <p>Each tool runs once per check over the whole folder ({@code ssdeep -s -r}, {@code tlsh -r}, {@code ssdeep -c
 * -x} on the signatures, {@code tlsh -xref -l} on the digests), so 1,023 files take well under a minute. Each file
 * is hashed the way the pipeline does it: one pass in 64 KiB chunks feeding both hashers. Every mismatch is printed
 * before the test fails; the agreement counts are printed either way. To run it alone, outside Maven:
 *
 * <pre>
 * CP=$(find ~/.m2/repository -name junit-4.13.2.jar -o -name hamcrest-core-1.3.jar | tr '\n' :)
 * cd transforms/core/src
 * javac --release 17 -d /tmp/fuzzy -cp "$CP" $(find {main,test}/java/dev/merc/core/fuzzy -name '*.java')
 * MERC_CORPUS=CORPUS java -cp "/tmp/fuzzy:$CP" org.junit.runner.JUnitCore dev.merc.core.fuzzy.FuzzyCorpusTest
 * </pre>
 */
public class FuzzyCorpusTest {
    private static final int CHUNK = 64 * 1024;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private record Digests(String ssdeep, String tlsh) {
    }

    @Test
    public void corpusAgreesWithTheTools() throws IOException {
        String env = System.getenv("MERC_CORPUS");
        assumeTrue("MERC_CORPUS not set", env != null && !env.isEmpty());
        assumeTrue("ssdeep 2.14.1 not installed", FuzzyTools.hasSsdeep());
        assumeTrue("tlsh 3.4.4 not installed", FuzzyTools.hasTlsh());
        Path root = Path.of(env).toAbsolutePath();

        Map<Path, Digests> ours = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                ours.put(p, hash(Files.readAllBytes(p)));
            }
        }
        assumeTrue("no files under " + root, !ours.isEmpty());
        Map<Path, String> ssdeep = FuzzyTools.ssdeep(root);
        Map<Path, String> tlsh = FuzzyTools.tlsh(root);

        List<String> mismatches = new ArrayList<>();
        int ssdeepAgree = 0;
        int tlshAgree = 0;
        int tlshNull = 0;
        Map<String, String> signatures = new LinkedHashMap<>();
        Map<String, String> tlshDigests = new LinkedHashMap<>();
        for (Map.Entry<Path, Digests> e : ours.entrySet()) {
            Path p = e.getKey();
            Digests d = e.getValue();
            if (d.ssdeep().equals(ssdeep.get(p))) {
                ssdeepAgree++;
            } else {
                mismatches.add("ssdeep " + p + ": tool " + ssdeep.get(p) + ", ours " + d.ssdeep());
            }
            if (tlsh.containsKey(p) && Objects.equals(tlsh.get(p), d.tlsh())) {
                tlshAgree++;
            } else {
                mismatches.add("tlsh " + p + ": tool " + (tlsh.containsKey(p) ? tlsh.get(p) : "(nothing)")
                        + ", ours " + d.tlsh());
            }
            tlshNull += d.tlsh() == null ? 1 : 0;
            String name = root.relativize(p).toString();
            signatures.put(name, d.ssdeep());
            if (d.tlsh() != null) {
                tlshDigests.put(name, d.tlsh());
            }
        }
        System.out.printf("FuzzyCorpusTest: ssdeep %d/%d agree; tlsh %d/%d agree (%d without digest)%n",
                ssdeepAgree, ours.size(), tlshAgree, ours.size(), tlshNull);

        mismatches.addAll(compareScores(signatures));
        mismatches.addAll(compareDistances(tlshDigests));
        mismatches.forEach(m -> System.out.println("MISMATCH " + m));
        assertEquals(mismatches.size() + " mismatches, first: "
                + mismatches.subList(0, Math.min(20, mismatches.size())), 0, mismatches.size());
    }

    /** Both hashers fed from one pass, as the extractor pipeline does. */
    private static Digests hash(byte[] data) {
        SsdeepHasher s = new SsdeepHasher(data.length);
        TlshHasher t = new TlshHasher();
        for (int off = 0; off < data.length; off += CHUNK) {
            int n = Math.min(CHUNK, data.length - off);
            s.update(data, off, n);
            t.update(data, off, n);
        }
        return new Digests(s.digest(), t.digest());
    }

    /** ssdeep prints only non-zero scores without {@code -a}; every other ordered pair must score 0 here. */
    private List<String> compareScores(Map<String, String> signatures) {
        Map<String, Integer> expected = FuzzyTools.ssdeepScores(signatures, false, tmp.getRoot().toPath());
        List<String> mismatches = new ArrayList<>();
        int pairs = 0;
        int agree = 0;
        for (Map.Entry<String, String> a : signatures.entrySet()) {
            for (Map.Entry<String, String> b : signatures.entrySet()) {
                if (a.getKey().equals(b.getKey())) {
                    continue;
                }
                pairs++;
                int want = expected.getOrDefault(a.getKey() + "\t" + b.getKey(), 0);
                int got = Ssdeep.compare(a.getValue(), b.getValue());
                if (want == got) {
                    agree++;
                } else {
                    mismatches.add("ssdeep score " + a.getKey() + " vs " + b.getKey()
                            + ": tool " + want + ", ours " + got);
                }
            }
        }
        System.out.printf("FuzzyCorpusTest: ssdeep scores %d/%d ordered pairs agree (%d non-zero per the tool)%n",
                agree, pairs, expected.size());
        return mismatches;
    }

    private List<String> compareDistances(Map<String, String> digests) {
        Map<String, Integer> expected = FuzzyTools.tlshDistances(digests, true, tmp.getRoot().toPath());
        List<String> mismatches = new ArrayList<>();
        int agree = 0;
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            String[] names = e.getKey().split("\t");
            int got = Tlsh.distance(digests.get(names[0]), digests.get(names[1]));
            if (got == e.getValue()) {
                agree++;
            } else {
                mismatches.add("tlsh distance " + e.getKey() + ": tool " + e.getValue() + ", ours " + got);
            }
        }
        int n = digests.size();
        System.out.printf("FuzzyCorpusTest: tlsh distances %d/%d pairs agree%n", agree, expected.size());
        assertTrue("tlsh -xref should list every pair", expected.size() == n * (n - 1) / 2);
        return mismatches;
    }
}
