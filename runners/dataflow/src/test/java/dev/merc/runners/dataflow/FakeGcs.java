package dev.merc.runners.dataflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A local stand-in for the read side of the GCS JSON API, enough for Beam's GcsFileSystem:
 * object listing, object metadata and media download (with Range), served from a folder whose
 * first-level directories are buckets. Counts downloads so tests can see what was read.
 */
final class FakeGcs implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path root;
  private final HttpServer server;
  final AtomicInteger downloads = new AtomicInteger();
  final List<String> unexpected = new ArrayList<>();

  FakeGcs(Path root) throws IOException {
    this.root = root;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The value for Beam's --gcsEndpoint. */
  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/storage/v1/";
  }

  private void handle(HttpExchange ex) throws IOException {
    try {
      String path = ex.getRequestURI().getRawPath();
      Map<String, String> query = query(ex.getRequestURI().getRawQuery());
      String[] download = match(path, "/download/storage/v1/b/");
      String[] api = match(path, "/storage/v1/b/");
      if (!"GET".equals(ex.getRequestMethod())) {
        fail(ex, 405);
      } else if (download != null && download.length == 2) {
        media(ex, download[0], download[1]);
      } else if (api != null && api.length == 1 && path.endsWith("/o")) {
        list(ex, api[0], query.getOrDefault("prefix", ""));
      } else if (api != null && api.length == 2) {
        Path file = file(api[0], api[1]);
        if (Files.isRegularFile(file)) {
          send(ex, 200, "application/json", JSON.writeValueAsBytes(metadata(api[0], api[1], file)));
        } else {
          send(ex, 404, "application/json", "{\"error\":{\"code\":404,\"message\":\"Not Found\"}}".getBytes());
        }
      } else {
        fail(ex, 400);
      }
    } catch (RuntimeException e) {
      fail(ex, 500);
      throw e;
    } finally {
      ex.close();
    }
  }

  private void fail(HttpExchange ex, int code) throws IOException {
    synchronized (unexpected) {
      unexpected.add(ex.getRequestMethod() + " " + ex.getRequestURI());
    }
    send(ex, code, "text/plain", new byte[0]);
  }

  /** For /storage/v1/b/{bucket}/o[/{object}]: {bucket} or {bucket, object}, decoded. */
  private static String[] match(String path, String prefix) {
    if (!path.startsWith(prefix)) {
      return null;
    }
    String rest = path.substring(prefix.length());
    int o = rest.indexOf("/o");
    if (o < 0) {
      return null;
    }
    String bucket = rest.substring(0, o);
    String tail = rest.substring(o + 2);
    if (tail.isEmpty()) {
      return new String[] {bucket};
    }
    return new String[] {bucket, URLDecoder.decode(tail.substring(1), StandardCharsets.UTF_8)};
  }

  private Path file(String bucket, String object) {
    return root.resolve(bucket).resolve(object);
  }

  private void list(HttpExchange ex, String bucket, String prefix) throws IOException {
    Path base = root.resolve(bucket);
    ObjectNode body = JSON.createObjectNode().put("kind", "storage#objects");
    ArrayNode items = body.putArray("items");
    try (Stream<Path> files = Files.walk(base)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = base.relativize(f).toString();
        if (name.startsWith(prefix)) {
          items.add(metadata(bucket, name, f));
        }
      }
    }
    send(ex, 200, "application/json", JSON.writeValueAsBytes(body));
  }

  private static ObjectNode metadata(String bucket, String name, Path f) throws IOException {
    return JSON.createObjectNode()
        .put("kind", "storage#object")
        .put("id", bucket + "/" + name + "/1")
        .put("name", name)
        .put("bucket", bucket)
        .put("generation", "1")
        .put("metageneration", "1")
        .put("contentType", "application/octet-stream")
        .put("size", String.valueOf(Files.size(f)))
        .put("md5Hash", md5(f))
        .put("updated", "2026-01-01T00:00:00.000Z");
  }

  static String md5(Path f) throws IOException {
    try {
      return Base64.getEncoder().encodeToString(
          MessageDigest.getInstance("MD5").digest(Files.readAllBytes(f)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void media(HttpExchange ex, String bucket, String object) throws IOException {
    Path f = file(bucket, object);
    if (!Files.isRegularFile(f)) {
      send(ex, 404, "text/plain", new byte[0]);
      return;
    }
    downloads.incrementAndGet();
    byte[] all = Files.readAllBytes(f);
    String range = ex.getRequestHeaders().getFirst("Range");
    int from = 0;
    int to = all.length - 1;
    if (range != null && range.startsWith("bytes=")) {
      String[] r = range.substring(6).split("-", -1);
      from = Integer.parseInt(r[0]);
      if (!r[1].isEmpty()) {
        to = Math.min(to, Integer.parseInt(r[1]));
      }
    }
    if (all.length > 0 && from >= all.length) {
      send(ex, 416, "text/plain", new byte[0]);
      return;
    }
    byte[] part = java.util.Arrays.copyOfRange(all, from, Math.max(from, to + 1));
    ex.getResponseHeaders().add("x-goog-generation", "1");
    if (range != null) {
      ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + to + "/" + all.length);
    }
    send(ex, range != null ? 206 : 200, "application/octet-stream", part);
  }

  private static void send(HttpExchange ex, int code, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new HashMap<>();
    if (raw != null) {
      for (String kv : raw.split("&")) {
        int eq = kv.indexOf('=');
        if (eq > 0) {
          q.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return q;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
