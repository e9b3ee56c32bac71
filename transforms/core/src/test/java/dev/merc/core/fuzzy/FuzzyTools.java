package dev.merc.core.fuzzy;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the reference tools the fuzzy hashes must agree with: Debian's {@code ssdeep} 2.14.1 and {@code tlsh}
 * (tlsh-tools 3.4.4). Each helper makes one tool invocation for a whole batch, so tests stay fast.
 */
final class FuzzyTools {
    private FuzzyTools() {
    }

    /** Whether {@code ssdeep} 2.14.1 is on the PATH. */
    static boolean hasSsdeep() {
        return versionContains("2.14.1", "ssdeep", "-V");
    }

    /** Whether tlsh 3.4.4 (128 buckets, 1-byte checksum) is on the PATH. */
    static boolean hasTlsh() {
        return versionContains("3.4.4 compact hash 1 byte checksum", "tlsh", "-version");
    }

    private static boolean versionContains(String expected, String... command) {
        try {
            Output out = run(List.of(command));
            return out.exitCode == 0 && String.join("\n", out.stdout).contains(expected);
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    /** {@code ssdeep -s -r DIR}: absolute path of every file under {@code dir} to its digest. */
    static Map<Path, String> ssdeep(Path dir) {
        Output out = run(List.of("ssdeep", "-s", "-r", dir.toAbsolutePath().toString()));
        Map<Path, String> digests = new HashMap<>();
        for (String line : out.stdout) {
            int comma = line.indexOf(",\"");
            if (line.startsWith("ssdeep,") || comma < 0 || !line.endsWith("\"")) {
                continue;
            }
            digests.put(Path.of(line.substring(comma + 2, line.length() - 1)), line.substring(0, comma));
        }
        return digests;
    }

    /**
     * {@code tlsh -r DIR}: absolute path of every file under {@code dir} to {@code "T1" + digest}, or to null
     * where tlsh reported "file too small" or "cannot hash". Files tlsh said nothing about are absent.
     */
    static Map<Path, String> tlsh(Path dir) {
        Output out = run(List.of("tlsh", "-r", dir.toAbsolutePath().toString()));
        Map<Path, String> digests = new HashMap<>();
        for (String line : out.stdout) {
            int tab = line.indexOf('\t');
            if (tab == 70) {
                digests.put(Path.of(line.substring(tab + 1)), "T1" + line.substring(0, tab));
            }
        }
        for (String line : out.stderr) {
            for (String reason : List.of(": file too small", ": cannot hash")) {
                if (line.startsWith("file ") && line.endsWith(reason)) {
                    digests.put(Path.of(line.substring(5, line.length() - reason.length())), null);
                }
            }
        }
        return digests;
    }

    /**
     * {@code ssdeep -a -c -x SIGFILE} over the given named digests: the score of every ordered pair of distinct
     * names, keyed {@code "name1\tname2"}. With {@code all} false ({@code -a} left out) only non-zero scores come.
     */
    static Map<String, Integer> ssdeepScores(Map<String, String> digestsByName, boolean all, Path work) {
        StringBuilder sigs = new StringBuilder("ssdeep,1.1--blocksize:hash:hash,filename\n");
        digestsByName.forEach((name, digest) -> sigs.append(digest).append(",\"").append(name).append("\"\n"));
        Path file = write(work.resolve("sigs.txt"), sigs.toString());
        List<String> command = new ArrayList<>(List.of("ssdeep", "-c", "-x", file.toString()));
        if (all) {
            command.add(1, "-a");
        }
        Map<String, Integer> scores = new HashMap<>();
        for (String line : run(command).stdout) {
            // "name1","name2",score
            if (line.isEmpty()) {
                continue;
            }
            int sep = line.indexOf("\",\"");
            int last = line.lastIndexOf("\",");
            scores.put(line.substring(1, sep) + "\t" + line.substring(sep + 3, last),
                    Integer.parseInt(line.substring(last + 2)));
        }
        return scores;
    }

    /**
     * {@code tlsh -xref -l LISTFILE [-xlen]} over the given named digests ({@code T1} prefix optional): the distance
     * of every unordered pair, keyed {@code "name1\tname2"} in the order tlsh prints them.
     */
    static Map<String, Integer> tlshDistances(Map<String, String> digestsByName, boolean includeLength, Path work) {
        StringBuilder list = new StringBuilder();
        digestsByName.forEach((name, digest) -> list.append(digest.startsWith("T1") ? digest.substring(2) : digest)
                .append('\t').append(name).append('\n'));
        Path file = write(work.resolve("tlsh-list.txt"), list.toString());
        List<String> command = new ArrayList<>(List.of("tlsh", "-xref", "-l", file.toString()));
        if (!includeLength) {
            command.add("-xlen");
        }
        Map<String, Integer> distances = new LinkedHashMap<>();
        for (String line : run(command).stdout) {
            int last = line.lastIndexOf('\t');
            if (last > 0) {
                distances.put(line.substring(0, last), Integer.parseInt(line.substring(last + 1).trim()));
            }
        }
        return distances;
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Output(int exitCode, List<String> stdout, List<String> stderr) {
    }

    /** Runs a command to completion; stderr goes through a temp file so neither pipe can block the tool. */
    static Output run(List<String> command) {
        File err = null;
        try {
            err = File.createTempFile("fuzzy-tool", ".err");
            Process p = new ProcessBuilder(command).redirectError(err).start();
            p.getOutputStream().close();
            List<String> stdout =
                    new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            List<String> stderr = Files.readAllLines(err.toPath(), StandardCharsets.UTF_8);
            return new Output(p.exitValue(), stdout, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (err != null) {
                err.delete();
            }
        }
    }
}
