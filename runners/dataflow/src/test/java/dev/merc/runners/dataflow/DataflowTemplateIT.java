package dev.merc.runners.dataflow;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * merc-dataflow.jar staged as a Dataflow classic template to local paths: the whole Dataflow
 * translation and staging runs without Google Cloud, and the job spec it writes is checked.
 */
public class DataflowTemplateIT {

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static final Path JAR = Paths.get("target/merc-dataflow.jar").toAbsolutePath();

  @Test
  public void stagesATemplateWithAutoscaling() throws Exception {
    assertTrue("run after package: " + JAR, Files.isRegularFile(JAR));
    Path root = tmp.getRoot().toPath();
    Path template = root.resolve("template.json");
    List<String> cmd = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"), "-jar", JAR.toString(),
        "--runner=DataflowRunner", "--project=demo", "--region=us-central1",
        "--tempLocation=" + root.resolve("tmp"), "--gcpTempLocation=" + root.resolve("tmp"),
        "--stagingLocation=" + root.resolve("staging"), "--templateLocation=" + template,
        "--pathValidatorClass=org.apache.beam.sdk.extensions.gcp.storage.NoopPathValidator",
        "--credentialFactoryClass=org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory",
        "--autoscalingAlgorithm=THROUGHPUT_BASED", "--maxNumWorkers=20", "--numWorkers=2",
        "--workerMachineType=n2-standard-4", "--filesToStage=" + JAR,
        "--input=" + demo(), "--jdbcUrl=jdbc:sqlite:" + root.resolve("merc.db"),
        "--filesPerGroup=16", "--maxStrings=5000"));
    Path log = root.resolve("launch.log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue("launch timed out", p.waitFor(3, TimeUnit.MINUTES));
    String out = Files.readString(log);
    // main must return 0 without waiting: a template job throws on waitUntilFinish.
    assertEquals(out, 0, p.exitValue());
    assertTrue(out, out.contains("Template successfully created"));
    assertTrue(out, out.contains("merc: template staged, not run"));

    JsonNode job = new ObjectMapper().readTree(template.toFile());
    List<String> steps = new ArrayList<>();
    for (JsonNode step : job.get("steps")) {
      JsonNode name = step.get("properties").get("user_name");
      steps.add(name.has("value") ? name.get("value").asText() : name.asText());
    }
    for (String stage : List.of("MatchSamples/", "ExtractSamples/GroupFiles",
        "ExtractSamples/ExtractGroups",
        "WriteToDatabase/WriteSamples", "WriteToDatabase/WriteFailures")) {
      assertTrue(stage + " in " + steps, steps.stream().anyMatch(s -> s.startsWith(stage)));
    }

    JsonNode options = job.get("environment").get("sdkPipelineOptions").get("options");
    assertEquals(demo().toString(), options.get("input").asText());
    assertEquals("jdbc:sqlite:" + root.resolve("merc.db"), options.get("jdbcUrl").asText());
    assertEquals(16, options.get("filesPerGroup").asInt());
    assertEquals(5000, options.get("maxStrings").asInt());
    assertEquals("THROUGHPUT_BASED", options.get("autoscalingAlgorithm").asText());
    assertEquals(20, options.get("maxNumWorkers").asInt());

    JsonNode pool = job.get("environment").get("workerPools").get(0);
    assertEquals("AUTOSCALING_ALGORITHM_BASIC", pool.get("autoscalingSettings").get("algorithm").asText());
    assertEquals(20, pool.get("autoscalingSettings").get("maxNumWorkers").asInt());
    assertEquals(2, pool.get("numWorkers").asInt());
    assertEquals("n2-standard-4", pool.get("machineType").asText());

    try (Stream<Path> staged = Files.list(root.resolve("staging"))) {
      List<String> names = staged.map(f -> f.getFileName().toString()).toList();
      assertTrue(names.toString(), names.stream().anyMatch(n -> n.startsWith("merc-dataflow-")));
      assertTrue(names.toString(), names.stream().anyMatch(n -> n.startsWith("pipeline-")));
    }
  }

  static Path demo() {
    for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("demo/hello64.exe"))) {
        return p.resolve("demo");
      }
    }
    throw new IllegalStateException("demo/ not found");
  }
}
