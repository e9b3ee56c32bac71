package dev.merc.core.pe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes one JSON line {paths, pe} per file of a folder, for bench/compare-pefile.py.
 * Usage: java -cp ... dev.merc.core.pe.PeDump FOLDER [OUT.jsonl]   (stdout when OUT is omitted)
 */
public final class PeDump {
    public static void main(String[] args) throws IOException {
        ObjectMapper json = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        List<Path> files;
        try (Stream<Path> s = Files.walk(Path.of(args[0]))) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        PrintStream out = args.length > 1
                ? new PrintStream(Files.newOutputStream(Path.of(args[1])), false, StandardCharsets.UTF_8)
                : System.out;
        long start = System.nanoTime();
        long bytes = 0;
        for (Path f : files) {
            byte[] data = Files.readAllBytes(f);
            bytes += data.length;
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("paths", List.of(f.toString()));
            try {
                record.put("pe", PeParser.parse(data, data.length, PeLimits.defaults()));
            } catch (RuntimeException e) {
                record.put("pe", null);
                record.put("error", Map.of("stage", "pe", "message", String.valueOf(e)));
                System.err.println("FAILED " + f + ": " + e);
            }
            out.println(json.writeValueAsString(record));
        }
        out.flush();
        double secs = (System.nanoTime() - start) / 1e9;
        System.err.printf("%d files, %.1f MB in %.2f s%n", files.size(), bytes / 1e6, secs);
    }
}
