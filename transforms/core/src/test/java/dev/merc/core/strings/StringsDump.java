package dev.merc.core.strings;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes one JSON line per file of a folder, {@code {"paths": [...], "strings": {...}}}, with caps
 * disabled, for bench/compare-strings.py until the pipeline writes real sample records.
 *
 * <p>Usage: {@code java -cp ... dev.merc.core.strings.StringsDump <folder> <out.jsonl> [minLength]}
 */
public final class StringsDump {

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: StringsDump <folder> <out.jsonl> [minLength]");
      System.exit(2);
    }
    Path folder = Path.of(args[0]);
    Path out = Path.of(args[1]);
    int minLength = args.length > 2 ? Integer.parseInt(args[2]) : StringsOptions.DEFAULT_MIN_LENGTH;
    StringsOptions options = StringsOptions.uncapped(minLength);
    ObjectMapper mapper =
        new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    mapper.getFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
      for (Path file : files) {
        byte[] data = Files.readAllBytes(file);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("paths", List.of(file.toString()));
        line.put("strings", StringExtractor.extract(data, data.length, options));
        mapper.writeValue(os, line);
        os.write('\n');
      }
    }
    System.err.println("wrote " + files.size() + " records to " + out);
  }
}
