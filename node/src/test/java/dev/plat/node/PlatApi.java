package dev.plat.node;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Raw requests to a node's gateway with the JDK HttpClient, for what the CLI does not show (status, code, headers). */
public final class PlatApi {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;

  public PlatApi(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** A response with its body read as text. */
  public record Response(int status, String body, HttpResponse<String> raw) {
    /** The body as JSON; fails the test when it is not. */
    public JsonObject json() {
      try {
        return new JsonObject(body);
      } catch (RuntimeException e) {
        throw new AssertionError("not JSON (status " + status + "): " + body, e);
      }
    }

    /**
     * The body as JSON when the status is 200, else {@code null}: for probes that wait through a
     * failover, where an answer from a node that is leaving (503, 502) means "not yet".
     */
    public JsonObject jsonIf200() {
      return status == 200 ? json() : null;
    }

    /** The {@code code} of a JSON error body. */
    public String code() {
      return json().getString("code");
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT);
    return token == null ? b : b.header("Authorization", "Bearer " + token);
  }

  /**
   * {@link #request} pinned to HTTP/1.1, as curl sends it: the JDK client would otherwise try an
   * h2c upgrade, which holds requests sent at once behind the first one until it answers.
   */
  HttpRequest.Builder http1(String path, String token) {
    return request(path, token).version(HttpClient.Version.HTTP_1_1);
  }

  public Response get(String path, String token) {
    return send(request(path, token).GET().build());
  }

  /** {@code GET /api/functions/{name}} with the admin token. */
  public Response function(String name) {
    return get("/api/functions/" + name, NodeProcess.ADMIN_TOKEN);
  }

  /**
   * Polls {@code GET /api/functions/{name}} until the function serves, for at most {@code wait}: its
   * state {@code ready}, or {@code paused} (idle instances are paused after {@code pauseAfterSeconds},
   * which may come before a poll sees them ready); its status.
   */
  public JsonObject awaitServing(String name, java.time.Duration wait, java.util.function.Supplier<String> context) {
    return Poll.until(wait, name + " to be ready or paused", () -> {
      Response status = function(name);
      return status.status() == 200 && java.util.List.of("ready", "paused").contains(status.json().getString("state"))
        ? status.json() : null;
    }, context);
  }

  /** A raw-zip deploy: {@code POST /api/functions?name=&runtime=} with the zip as the body (Content-Length set). */
  public Response deploy(String name, String runtime, byte[] zip, String token) {
    return send(request(deployPath(name, runtime), token).header("Content-Type", "application/zip")
      .POST(HttpRequest.BodyPublishers.ofByteArray(zip)).build());
  }

  /** {@link #deploy(String, String, byte[], String)} with the spec's other fields in {@code X-Plat-Spec}. */
  public Response deploy(String name, String runtime, byte[] zip, String token, JsonObject spec) {
    return send(request(deployPath(name, runtime), token).header("Content-Type", "application/zip")
      .header("X-Plat-Spec", spec.encode()).POST(HttpRequest.BodyPublishers.ofByteArray(zip)).build());
  }

  /** {@link #deploy(String, String, byte[], String)} of a zip file, streamed from disk. */
  public Response deploy(String name, String runtime, java.nio.file.Path zip, String token) throws java.io.FileNotFoundException {
    return send(request(deployPath(name, runtime), token).header("Content-Type", "application/zip")
      .POST(HttpRequest.BodyPublishers.ofFile(zip)).build());
  }

  /** A multipart deploy: a {@code spec} part (JSON: name, runtime and any spec keys) and a {@code code} part (the zip). */
  public Response deploy(JsonObject spec, byte[] zip, String token) {
    String boundary = "plat-test-" + Long.toHexString(System.nanoTime());
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"spec\"\r\n"
      + "Content-Type: application/json\r\n\r\n" + spec.encode() + "\r\n--" + boundary
      + "\r\nContent-Disposition: form-data; name=\"code\"; filename=\"code.zip\"\r\n"
      + "Content-Type: application/zip\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    body.writeBytes(head);
    body.writeBytes(zip);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return send(request("/api/functions", token).header("Content-Type", "multipart/form-data; boundary=" + boundary)
      .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
  }

  /** {@code PATCH /api/functions/{name}} with {@code changes} as the JSON body. */
  public Response patch(String name, JsonObject changes, String token) {
    return send(request("/api/functions/" + name, token).header("Content-Type", "application/json")
      .method("PATCH", HttpRequest.BodyPublishers.ofString(changes.encode())).build());
  }

  /** The same deploy with a chunked body (no Content-Length), so only the bytes tell the size. */
  Response deployChunked(String name, String runtime, byte[] zip, String token) {
    return send(request(deployPath(name, runtime), token).header("Content-Type", "application/zip")
      .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(zip))).build());
  }

  /**
   * Calls a function as another node's proxy would, on this node's proxy port ({@code baseUrl} must
   * be {@link NodeProcess#proxyUrl()}): served by local instances only, so it shows this node's routes.
   */
  Response invokeForwarded(String name, String pathAndQuery, String clusterSecret) {
    return send(request("/function/" + name + pathAndQuery, null)
      .header(dev.plat.cluster.Names.Header.FORWARDED_BY, "e2e-test")
      .header(dev.plat.cluster.Names.Header.CLUSTER_AUTH, clusterSecret).GET().build());
  }

  /**
   * {@code GET path} with {@code headers} (name, value, name, value...) and no token of its own;
   * {@code http1}: pinned to HTTP/1.1 (the gateway's fast path), else as the JDK client sends it
   * (an h2c upgrade request, which the gateway serves through Vert.x).
   */
  public Response get(String path, boolean http1, String... headers) {
    HttpRequest.Builder b = http1 ? http1(path, null) : request(path, null);
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b.GET().build());
  }

  static String deployPath(String name, String runtime) {
    return "/api/functions?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)
      + "&runtime=" + URLEncoder.encode(runtime, StandardCharsets.UTF_8);
  }

  /** Opens a streamed GET (e.g. a build log) with the admin token; the caller closes the stream. */
  HttpResponse<InputStream> stream(String path) {
    try {
      return http.send(request(path, NodeProcess.ADMIN_TOKEN).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  Response send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
