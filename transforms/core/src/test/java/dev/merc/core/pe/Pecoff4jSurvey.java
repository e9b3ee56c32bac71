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
 * With --speed FOLDER it times instead, like for like (see {@link #speed}).
 */
public final class Pecoff4jSurvey {
    public static void main(String[] args) throws Exception {
        if (args[0].equals("--speed")) {
            speed(list(Path.of(args[1])));
            return;
        }
        long timeout = args.length > 1 ? Long.parseLong(args[1]) : 5000;
        List<Path> files = list(Path.of(args[0]));
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

    private static List<Path> list(Path folder) throws java.io.IOException {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /**
     * Times, on files already in memory and in the calling thread: pecoff4j's PEParser.parse (DOS,
     * COFF and optional headers, section table, section bytes, import and other directory tables,
     * no names resolved); Merc doing the same work ({@link #mercStructure}: headers, section table,
     * address map, imports and delay imports with names); and Merc's whole PeParser.parse (also
     * exports, resources, debug, TLS, Rich, checksum, signature, and a digest of every section and
     * resource). One untimed pass warms the JIT, then one timed pass; files pecoff4j rejects are
     * left out of all three figures.
     */
    static void speed(List<Path> files) throws Exception {
        List<byte[]> data = new java.util.ArrayList<>();
        for (Path f : files) {
            data.add(Files.readAllBytes(f));
        }
        long[] nanos = new long[3];
        long bytes = 0;
        int counted = 0;
        int agree = 0;
        for (int pass = 0; pass < 2; pass++) {
            java.util.Arrays.fill(nanos, 0);
            bytes = 0;
            counted = 0;
            agree = 0;
            for (byte[] d : data) {
                long t0 = System.nanoTime();
                try {
                    PEParser.parse(new ByteArrayInputStream(d));
                } catch (Exception | Error e) {
                    continue;
                }
                long t1 = System.nanoTime();
                List<PeInfo.Import> structure = mercStructure(d);
                long t2 = System.nanoTime();
                PeInfo full = PeParser.parse(d, d.length, PeLimits.defaults());
                long t3 = System.nanoTime();
                if (structure == null || full == null) {
                    continue;
                }
                nanos[0] += t1 - t0;
                nanos[1] += t2 - t1;
                nanos[2] += t3 - t2;
                bytes += d.length;
                counted++;
                agree += structure.equals(full.imports()) ? 1 : 0;
            }
        }
        System.out.printf("%d files, %.1f MB; same-work imports equal the full parse's on %d%n", counted,
                bytes / 1e6, agree);
        String[] names = {"pecoff4j PEParser.parse", "Merc, same work", "Merc PeParser.parse"};
        for (int i = 0; i < 3; i++) {
            System.out.printf("%-24s %7.3f s %8.0f files/s %7.0f MB/s%n", names[i], nanos[i] / 1e9,
                    counted / (nanos[i] / 1e9), bytes / 1e6 / (nanos[i] / 1e9));
        }
    }

    /**
     * Merc's readers for what pecoff4j's parse covers: the headers, the section table, pefile's
     * address map and the import and delay-import directories, without digests. Built from
     * PeParser's own steps; null when the bytes are not a PE.
     */
    static List<PeInfo.Import> mercStructure(byte[] data) {
        if (PeParser.whyNotPe(data, data.length) != null) {
            return null;
        }
        ByteReader r = new ByteReader(data, data.length);
        java.util.Set<Anomaly> anomalies = PeContext.newAnomalySet();
        long fh = r.u32(0x3C) + 4;
        if (!r.has(fh, 20)) {
            return List.of();
        }
        int numberOfSections = r.u16(fh + 2);
        long opt = fh + 20;
        PeInfo.OptionalHeader oh = PeParser.readOptionalHeader(r, opt, anomalies);
        if (oh == null) {
            return List.of();
        }
        boolean plus = OptionalMagic.of(oh.magic()) == OptionalMagic.PE32_PLUS;
        long[][] dirs = PeParser.readDataDirectories(r, opt + (plus ? 112 : 96), oh.numberOfRvaAndSizes(), anomalies);
        long sectionsOffset = opt + r.u16(fh + 16);
        List<SectionHeader> table = new java.util.ArrayList<>();
        List<SectionHeader> mapped = new java.util.ArrayList<>();
        PeParser.readSectionTable(r, sectionsOffset, numberOfSections, oh, PeLimits.defaults(), table, mapped,
                anomalies);
        // The headers' extent only matters for RVAs outside every section; SizeOfHeaders will do here.
        AddressSpace space = new AddressSpace(r, mapped, oh.fileAlignment(), oh.sectionAlignment(),
                Math.min(oh.sizeOfHeaders(), data.length));
        PeContext ctx = new PeContext(r, space, PeLimits.defaults(), plus, Machine.of(r.u16(fh)), oh.imageBase(),
                oh.sizeOfImage(), anomalies);
        List<PeInfo.Import> imports = new java.util.ArrayList<>();
        if (dirs.length > PeParser.DIR_IMPORT && dirs[PeParser.DIR_IMPORT][0] != 0) {
            imports.addAll(ImportParser.parseImports(ctx, dirs[PeParser.DIR_IMPORT][0]).entries());
        }
        if (dirs.length > PeParser.DIR_DELAY_IMPORT && dirs[PeParser.DIR_DELAY_IMPORT][0] != 0) {
            imports.addAll(ImportParser.parseDelayImports(ctx, dirs[PeParser.DIR_DELAY_IMPORT][0]).entries());
        }
        return imports;
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return r -> {
            Thread t = new Thread(r, "pecoff4j");
            t.setDaemon(true);
            return t;
        };
    }
}
