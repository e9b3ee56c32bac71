package dev.merc.core.magic;

import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * Compares {@link FileTypes} with the installed {@code file} on every regular file under $MERC_CORPUS. Every PE
 * file must agree exactly on both the description and the MIME type; other files are only counted.
 */
public class FileTypesCorpusTest {
    @Test
    public void peFilesMatchFile() throws Exception {
        String dir = System.getenv("MERC_CORPUS");
        assumeTrue("MERC_CORPUS is not set: skipping the comparison with file(1) on a corpus",
                dir != null && !dir.isEmpty());
        assumeTrue("file(1) is not on the PATH: skipping the corpus comparison", FileOracle.available());
        List<Path> paths;
        try (Stream<Path> s = Files.walk(Path.of(dir))) {
            paths = s.filter(Files::isRegularFile).sorted().toList();
        }
        List<String> magic = FileOracle.run(paths, false);
        List<String> mime = FileOracle.run(paths, true);
        List<String> mismatches = new ArrayList<>();
        int pe = 0;
        int exact = 0;
        int otherExact = 0;
        for (int i = 0; i < paths.size(); i++) {
            byte[] data = Files.readAllBytes(paths.get(i));
            FileType mine = FileTypes.identify(data, data.length);
            boolean same = mine.magic().equals(magic.get(i)) && mine.mime().equals(mime.get(i));
            if (!isPe(data)) {
                otherExact += same ? 1 : 0;
                continue;
            }
            pe++;
            if (same) {
                exact++;
            } else {
                mismatches.add(paths.get(i) + "\n  file: " + magic.get(i) + " | " + mime.get(i)
                        + "\n  merc: " + mine.magic() + " | " + mine.mime());
            }
        }
        System.out.printf("FileTypesCorpusTest: %d of %d PE files exact; %d of %d other files exact%n",
                exact, pe, otherExact, paths.size() - pe);
        assertTrue(mismatches.size() + " PE mismatches:\n" + String.join("\n", mismatches), mismatches.isEmpty());
    }

    /** MZ, then "PE\0\0" at e_lfanew: the files whose description must match exactly. */
    static boolean isPe(byte[] d) {
        if (d.length < 0x40 || d[0] != 'M' || d[1] != 'Z') {
            return false;
        }
        long lfanew = (d[0x3c] & 0xFFL) | (d[0x3d] & 0xFFL) << 8 | (d[0x3e] & 0xFFL) << 16 | (d[0x3f] & 0xFFL) << 24;
        return lfanew + 4 <= d.length && d[(int) lfanew] == 'P' && d[(int) lfanew + 1] == 'E'
                && d[(int) lfanew + 2] == 0 && d[(int) lfanew + 3] == 0;
    }
}
