package dev.merc.core.pe;

import com.kichik.pecoff4j.PE;
import com.kichik.pecoff4j.io.PEParser;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Measures pecoff4j 0.4.1 against Merc's parser on a folder: outcome per file (ok, exception
 * class, hang) and whether the section tables agree. Evidence for docs/pe-parsing.md.
 * Usage: java -Xmx1g -cp ... dev.merc.core.pe.Pecoff4jSurvey FOLDER [TIMEOUT_MS]
 */
public final class Pecoff4jSurvey {
    public static void main(String[] args) throws Exception {
        long timeout = args.length > 1 ? Long.parseLong(args[1]) : 5000;
        List<Path> files;
        try (Stream<Path> s = Files.walk(Path.of(args[0]))) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        Map<String, Integer> outcomes = new TreeMap<>();
        int mercPe = 0;
        int sectionsAgree = 0;
        long pecoffNanos = 0;
        long mercNanos = 0;
        ExecutorService worker = Executors.newSingleThreadExecutor(daemon());
        for (Path f : files) {
            byte[] data = Files.readAllBytes(f);
            long t0 = System.nanoTime();
            PeInfo merc = PeParser.parse(data, data.length, PeLimits.defaults());
            mercNanos += System.nanoTime() - t0;
            if (merc == null) {
                continue;
            }
            mercPe++;
            long t1 = System.nanoTime();
            Future<PE> job = worker.submit(() -> PEParser.parse(new ByteArrayInputStream(data)));
            String outcome;
            try {
                PE pe = job.get(timeout, TimeUnit.MILLISECONDS);
                outcome = "ok";
                int n = pe.getSectionTable().getNumberOfSections();
                boolean same = n == merc.sections().size();
                for (int i = 0; same && i < n; i++) {
                    same = pe.getSectionTable().getHeader(i).getVirtualAddress() == merc.sections().get(i).virtualAddress();
                }
                sectionsAgree += same ? 1 : 0;
            } catch (TimeoutException e) {
                outcome = "hang>" + timeout + "ms";
                job.cancel(true);
                worker = Executors.newSingleThreadExecutor(daemon());
            } catch (java.util.concurrent.ExecutionException e) {
                outcome = e.getCause().getClass().getSimpleName();
            }
            pecoffNanos += System.nanoTime() - t1;
            outcomes.merge(outcome, 1, Integer::sum);
        }
        worker.shutdownNow();
        System.out.printf("files %d, Merc PE %d; pecoff4j outcomes %s; section tables agree on %d%n", files.size(),
                mercPe, outcomes, sectionsAgree);
        System.out.printf("time: Merc %.2f s, pecoff4j %.2f s%n", mercNanos / 1e9, pecoffNanos / 1e9);
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return r -> {
            Thread t = new Thread(r, "pecoff4j");
            t.setDaemon(true);
            return t;
        };
    }
}
