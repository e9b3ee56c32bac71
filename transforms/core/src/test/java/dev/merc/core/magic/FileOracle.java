package dev.merc.core.magic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the installed {@code file} (the peer tool) on many paths at once; one output line per path, in order. */
final class FileOracle {
    private static final int BATCH = 200;

    private FileOracle() {
    }

    static boolean available() {
        try {
            Process p = new ProcessBuilder("file", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code file -b -N -L [--mime-type] -- paths...}, batched. */
    static List<String> run(List<Path> paths, boolean mime) throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < paths.size(); i += BATCH) {
            // -L: describe a link's target, whose bytes are what Merc reads.
            List<String> cmd = new ArrayList<>(List.of("file", "-b", "-N", "-L"));
            if (mime) {
                cmd.add("--mime-type");
            }
            cmd.add("--");
            for (Path p : paths.subList(i, Math.min(paths.size(), i + BATCH))) {
                cmd.add(p.toString());
            }
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            out.addAll(text.lines().toList());
        }
        if (out.size() != paths.size()) {
            throw new IOException("file printed " + out.size() + " lines for " + paths.size() + " paths");
        }
        return out;
    }
}
