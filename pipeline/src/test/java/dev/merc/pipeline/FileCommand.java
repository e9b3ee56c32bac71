package dev.merc.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** libmagic's file(1), the peer that the magic field must agree with. */
final class FileCommand {

  private FileCommand() {}

  /** Maps each regular file below dir to what {@code file -b} prints; null without file(1). */
  static Map<String, String> describe(Path dir) throws IOException, InterruptedException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).filter(p -> !Files.isSymbolicLink(p)).toList();
    }
    Map<String, String> out = new HashMap<>();
    for (Path f : files) {
      List<String> cmd = new ArrayList<>(List.of("file", "-b", "--", f.toString()));
      Process p;
      try {
        p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      } catch (IOException notInstalled) {
        return null;
      }
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      p.waitFor();
      out.put(f.toString(), text);
    }
    return out;
  }
}
