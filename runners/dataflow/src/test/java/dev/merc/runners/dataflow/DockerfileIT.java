package dev.merc.runners.dataflow;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.merc.pipeline.MercOptions;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Docker does not run here, so the Dockerfile is checked against the build instead: after
 * `mvn package`, every COPY source exists, every module the build stage compiles was copied in,
 * and the jars, main classes and paths the targets name are real. Runs after the runner modules
 * are packaged (integration-test phase of the last of them).
 */
public class DockerfileIT {

  private static Path repo;
  private static Map<String, List<String>> stages;

  @BeforeClass
  public static void parse() throws Exception {
    repo = DataflowTemplateIT.demo().getParent();
    stages = new LinkedHashMap<>();
    List<String> current = null;
    String joined = Files.readString(repo.resolve("Dockerfile")).replaceAll("\\\\\\n", " ");
    for (String line : joined.split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      Matcher from = Pattern.compile("(?i)^FROM\\s+(\\S+)\\s+AS\\s+(\\S+)$").matcher(l);
      if (from.matches()) {
        current = new ArrayList<>();
        current.add("FROM " + from.group(1));
        stages.put(from.group(2), current);
      } else {
        assertNotNull("instruction before a named FROM: " + l, current);
        current.add(l);
      }
    }
  }

  @Test
  public void hasTheThreeTargets() {
    for (String target : List.of("build", "cli", "flink", "dataflow")) {
      assertTrue(target + " in " + stages.keySet(), stages.containsKey(target));
    }
  }

  @Test
  public void everyCopySourceExistsAfterPackage() {
    for (Map.Entry<String, List<String>> stage : stages.entrySet()) {
      for (String[] copy : copies(stage.getValue())) {
        String source = copy[0] == null ? copy[1] : copy[1].replaceFirst("^/src/", "");
        if (copy[0] != null) {
          assertEquals("only the build stage is copied from", "build", copy[0]);
          assertTrue("COPY --from=build " + copy[1] + " is not under the build's /src",
              copy[1].startsWith("/src/"));
        }
        assertTrue(stage.getKey() + ": COPY source missing after mvn package: " + source,
            Files.exists(repo.resolve(source)));
      }
    }
  }

  @Test
  public void theBuildStageCopiesEveryModule() throws Exception {
    List<String> copied = new ArrayList<>();
    for (String[] copy : copies(stages.get("build"))) {
      copied.add(copy[1].replaceFirst("/$", ""));
    }
    Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(repo.resolve("pom.xml")));
    while (m.find()) {
      String module = m.group(1);
      assertTrue("module " + module + " is not copied into the build stage: " + copied,
          copied.stream().anyMatch(c -> module.equals(c) || module.startsWith(c + "/")));
    }
  }

  @Test
  public void cliRunsTheDirectBundleAndCanWriteItsWorkingDirectory() throws Exception {
    List<String> cli = stages.get("cli");
    String jar = dest(cli, "runners/direct/target/merc-direct.jar");
    assertTrue(cli.toString(), cli.contains("ENTRYPOINT [\"java\", \"-jar\", \"" + jar + "\"]"));
    assertMainClass(repo.resolve("runners/direct/target/merc-direct.jar"), manifestMain(repo.resolve("runners/direct/target/merc-direct.jar")));
    // The SQLite default writes merc.db into the working directory, as the image's user.
    String workdir = value(cli, "WORKDIR");
    String user = value(cli, "USER");
    assertTrue(cli.toString(), cli.stream().anyMatch(l -> l.startsWith("RUN ") && l.contains("chown " + user + " " + workdir)));
    assertTrue(stages.get("cli").get(0), stages.get("cli").get(0).matches("FROM eclipse-temurin:17-jre"));
  }

  @Test
  public void flinkImageMatchesTheRunnerAndHoldsTheJobJarInUsrlib() throws Exception {
    List<String> flink = stages.get("flink");
    Matcher image = Pattern.compile("FROM flink:(\\d+\\.\\d+\\.\\d+)-scala_2\\.12-java17").matcher(flink.get(0));
    assertTrue("pinned flink image: " + flink.get(0), image.matches());
    Matcher version = Pattern.compile("<flink.version>([^<]+)</flink.version>")
        .matcher(Files.readString(repo.resolve("runners/flink/pom.xml")));
    assertTrue(version.find());
    assertEquals("the image's Flink is the one the runner is built for", version.group(1), image.group(1));
    String jar = dest(flink, "runners/flink/target/merc-flink.jar");
    assertTrue(jar, jar.startsWith("/opt/flink/usrlib/"));
    assertMainClass(repo.resolve("runners/flink/target/merc-flink.jar"), "dev.merc.pipeline.MercMain");
  }

  @Test
  public void dataflowLauncherNamesARealMainAndClasspath() throws Exception {
    List<String> df = stages.get("dataflow");
    // A pinned release of the launcher base, never :latest, so that a rebuild cannot change it.
    assertTrue(df.get(0), df.get(0).matches("FROM gcr\\.io/dataflow-templates-base/"
        + "java17-template-launcher-base:flex_templates_base_image_release_\\d{8}_RC\\d{2}"));
    Map<String, String> env = env(df);
    String jar = dest(df, "runners/dataflow/target/merc-dataflow.jar");
    assertEquals(jar, env.get("FLEX_TEMPLATE_JAVA_CLASSPATH"));
    assertMainClass(repo.resolve("runners/dataflow/target/merc-dataflow.jar"), env.get("FLEX_TEMPLATE_JAVA_MAIN_CLASS"));
    assertEquals("false", env.get("MERC_WAIT_UNTIL_FINISH"));
  }

  /**
   * .dockerignore keeps build output, history and local databases out of the context, and
   * excludes no file that a COPY from the context needs: every tracked file under each source.
   */
  @Test
  public void dockerignoreKeepsWhatTheCopiesNeed() throws Exception {
    List<String[]> ignore = dockerignore(Files.readAllLines(repo.resolve(".dockerignore")));
    int checked = 0;
    for (Map.Entry<String, List<String>> stage : stages.entrySet()) {
      for (String[] copy : copies(stage.getValue())) {
        if (copy[0] != null) {
          continue;
        }
        List<String> files = trackedFiles(copy[1]);
        assertTrue("no tracked file under COPY source " + copy[1], !files.isEmpty());
        for (String file : files) {
          assertTrue(stage.getKey() + ": .dockerignore excludes " + file + ", which COPY "
              + copy[1] + " needs", !ignored(ignore, file));
          checked++;
        }
      }
    }
    assertTrue("checked " + checked, checked > 100);
    for (String out : List.of("runners/direct/target/merc-direct.jar", "transforms/core/target/classes",
        ".git", ".git/HEAD", "merc.db", "pipeline/merc.db-wal", "corpus/a.exe")) {
      assertTrue(".dockerignore lets " + out + " into the context", ignored(ignore, out));
    }
  }

  /** Patterns as {regex, "!" for an exception or ""}, in order, with Docker's path rules. */
  private static List<String[]> dockerignore(List<String> lines) {
    List<String[]> patterns = new ArrayList<>();
    for (String line : lines) {
      String p = line.strip();
      if (p.isEmpty() || p.startsWith("#")) {
        continue;
      }
      String exception = p.startsWith("!") ? "!" : "";
      p = p.substring(exception.length()).strip().replaceAll("^/+", "").replaceAll("/+$", "");
      StringBuilder regex = new StringBuilder();
      for (int i = 0; i < p.length(); i++) {
        char c = p.charAt(i);
        if (p.startsWith("**/", i)) {
          regex.append("(.*/)?");
          i += 2;
        } else if (p.startsWith("**", i)) {
          regex.append(".*");
          i++;
        } else if (c == '*') {
          regex.append("[^/]*");
        } else if (c == '?') {
          regex.append("[^/]");
        } else {
          regex.append(Pattern.quote(String.valueOf(c)));
        }
      }
      patterns.add(new String[] {regex.toString(), exception});
    }
    return patterns;
  }

  /** Docker's rule: the last pattern that matches the path or one of its parents decides. */
  private static boolean ignored(List<String[]> patterns, String path) {
    boolean ignored = false;
    for (String[] p : patterns) {
      boolean matches = false;
      for (String prefix = path; prefix != null;
          prefix = prefix.contains("/") ? prefix.substring(0, prefix.lastIndexOf('/')) : null) {
        matches |= prefix.matches(p[0]);
      }
      if (matches) {
        ignored = p[1].isEmpty();
      }
    }
    return ignored;
  }

  private static List<String> trackedFiles(String source) throws Exception {
    Process git = new ProcessBuilder("git", "-C", repo.toString(), "ls-files", "--", source)
        .redirectErrorStream(true).start();
    String out = new String(git.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(out, 0, git.waitFor());
    return out.lines().filter(l -> !l.isBlank()).toList();
  }

  /** Every parameter of the Flex Template's metadata is a Merc option, and --input is there. */
  @Test
  public void flexMetadataNamesRealOptions() throws Exception {
    JsonNode metadata = new ObjectMapper().readTree(repo.resolve("runners/dataflow/flex/metadata.json").toFile());
    List<String> names = new ArrayList<>();
    for (JsonNode p : metadata.get("parameters")) {
      String name = p.get("name").asText();
      names.add(name);
      String getter = "get" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
      Method m = MercOptions.class.getMethod(getter);
      assertNotNull(m);
      assertTrue(name + " needs a helpText", p.hasNonNull("helpText"));
    }
    assertTrue(names.toString(), names.containsAll(List.of("input", "jdbcUrl")));
  }

  private static void assertMainClass(Path jar, String main) throws Exception {
    assertNotNull(jar + " has no main class", main);
    try (JarFile j = new JarFile(jar.toFile())) {
      assertNotNull(main + " is not in " + jar, j.getEntry(main.replace('.', '/') + ".class"));
    }
    Class.forName(main).getMethod("main", String[].class);
  }

  private static String manifestMain(Path jar) throws Exception {
    try (JarFile j = new JarFile(jar.toFile())) {
      return j.getManifest().getMainAttributes().getValue("Main-Class");
    }
  }

  /** The destination the stage copies this build output to. */
  private static String dest(List<String> stage, String buildOutput) {
    for (String[] copy : copies(stage)) {
      if ("build".equals(copy[0]) && copy[1].equals("/src/" + buildOutput)) {
        return copy[2];
      }
    }
    throw new AssertionError("no COPY --from=build /src/" + buildOutput + " in " + stage);
  }

  /** COPY lines as {from stage or null, source, destination}. */
  private static List<String[]> copies(List<String> stage) {
    List<String[]> copies = new ArrayList<>();
    for (String l : stage) {
      if (l.startsWith("COPY ")) {
        List<String> words = new ArrayList<>(List.of(l.substring(5).trim().split("\\s+")));
        String from = null;
        if (words.get(0).startsWith("--from=")) {
          from = words.remove(0).substring(7);
        }
        assertEquals("one source per COPY: " + l, 2, words.size());
        copies.add(new String[] {from, words.get(0), words.get(1)});
      }
    }
    return copies;
  }

  private static String value(List<String> stage, String instruction) {
    String found = null;
    for (String l : stage) {
      if (l.startsWith(instruction + " ")) {
        found = l.substring(instruction.length() + 1).trim();
      }
    }
    assertNotNull(instruction + " in " + stage, found);
    return found;
  }

  private static Map<String, String> env(List<String> stage) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String l : stage) {
      if (l.startsWith("ENV ")) {
        String[] kv = l.substring(4).trim().split("=", 2);
        env.put(kv[0], kv[1]);
      }
    }
    return env;
  }
}
