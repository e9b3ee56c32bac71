package dev.merc.runners.flink;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Flink session cluster for tests: a JobManager and a TaskManager, each its own JVM, started
 * from the Flink jars of the build (no flink-dist), on free loopback ports, stopped by close().
 */
final class FlinkSessionCluster implements AutoCloseable {

  /** What Flink 1.19 needs opened on Java 17 (its own scripts pass the same). */
  static final List<String> JAVA17_OPENS = List.of(
      "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED",
      "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
      "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED");

  final Path dir;
  final Path confDir;
  final String classpath;
  final int restPort;
  private final List<Process> processes = new ArrayList<>();

  private FlinkSessionCluster(Path dir, String classpath) throws IOException {
    this.dir = dir;
    this.confDir = Files.createDirectories(dir.resolve("conf"));
    this.classpath = classpath;
    this.restPort = freePort();
  }

  /** Starts both processes and returns once the TaskManager has registered. */
  static FlinkSessionCluster start(Path dir, String classpath) throws Exception {
    FlinkSessionCluster cluster = new FlinkSessionCluster(dir, classpath);
    try {
      // If the test JVM dies without close(), the cluster must not outlive it.
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
      cluster.writeConf();
      cluster.processes.add(cluster.launch("jobmanager",
          java(List.of("-Xmx512m"), classpath,
              "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
              "--configDir", cluster.confDir.toString())));
      cluster.processes.add(cluster.launch("taskmanager", cluster.taskManagerCommand()));
      cluster.awaitTaskManager(Duration.ofSeconds(90));
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  private void writeConf() throws IOException {
    Files.writeString(confDir.resolve("flink-conf.yaml"), String.join("\n",
        "jobmanager.rpc.address: localhost",
        "jobmanager.rpc.port: " + freePort(),
        "jobmanager.bind-host: 127.0.0.1",
        "jobmanager.memory.process.size: 1024m",
        "rest.address: localhost",
        "rest.bind-address: 127.0.0.1",
        "rest.port: " + restPort,
        "taskmanager.host: localhost",
        "taskmanager.bind-host: 127.0.0.1",
        "taskmanager.rpc.port: " + freePort(),
        "taskmanager.data.port: " + freePort(),
        "taskmanager.numberOfTaskSlots: 2",
        "taskmanager.memory.process.size: 2048m",
        "parallelism.default: 1",
        "blob.server.port: " + freePort(),
        // Beam's runner keeps static caches; Flink would flag them as a leaked class loader.
        "classloader.check-leaked-classloader: false",
        ""));
  }

  /**
   * A bare TaskManagerRunner fails without the memory settings flink-dist's scripts compute; ask
   * Flink's own BashJavaUtils for them, as those scripts do.
   */
  private List<String> taskManagerCommand() throws Exception {
    Process p = new ProcessBuilder(java(List.of(), classpath,
            "org.apache.flink.runtime.util.bash.BashJavaUtils", "GET_TM_RESOURCE_PARAMS",
            "--configDir", confDir.toString()))
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("BashJavaUtils failed:\n" + out);
    }
    List<String> results = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (line.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:")) {
        results.add(line.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length()).trim());
      }
    }
    if (results.size() < 2) {
      throw new IllegalStateException("unexpected BashJavaUtils output:\n" + out);
    }
    List<String> args = new ArrayList<>(List.of(
        "--configDir", confDir.toString()));
    args.addAll(List.of(results.get(1).split("\\s+")));
    return java(List.of(results.get(0).split("\\s+")), classpath,
        "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", args.toArray(String[]::new));
  }

  /** A java command line with the Java 17 opens. */
  static List<String> java(List<String> jvmFlags, String classpath, String main, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(JAVA17_OPENS);
    cmd.addAll(jvmFlags);
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(main);
    cmd.addAll(List.of(args));
    return cmd;
  }

  private Process launch(String name, List<String> command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile());
    pb.environment().put("FLINK_CONF_DIR", confDir.toString());
    pb.environment().put("FLINK_LOG_DIR", dir.toString());
    return pb.start();
  }

  private void awaitTaskManager(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IllegalStateException("a Flink process exited early; logs in " + dir);
        }
      }
      try {
        if (get("/overview").contains("\"taskmanagers\":1")) {
          return;
        }
      } catch (IOException notYet) {
        // the REST endpoint is not up yet
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("no TaskManager registered within " + timeout + "; logs in " + dir);
  }

  /** GET on the JobManager's REST API. */
  String get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + restPort + path))
            .timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    return r.body();
  }

  /** PATCH on the REST API, e.g. /jobs/ID?mode=cancel; returns the status code. */
  int patch(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + restPort + path))
            .method("PATCH", HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    return r.statusCode();
  }

  String master() {
    return "localhost:" + restPort;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Stops the processes this cluster started, by their own handles. */
  @Override
  public void close() {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      try {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
