package dev.plat.docker.impl;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** One Docker API call to make: method, path, query, headers, body, timeout. Fluent and single use. */
public final class DockerRequest {

  /** Idle timeout marker: use the client's request timeout. */
  static final long DEFAULT_TIMEOUT = -1;
  private static final String PATH_SAFE = "-._~:@/!$&'()*+,;=";

  final HttpMethod method;
  final String path;
  private final StringBuilder query = new StringBuilder();
  final MultiMap headers = MultiMap.caseInsensitiveMultiMap();
  Buffer body;
  ReadStream<Buffer> bodyStream;
  long idleTimeout = DEFAULT_TIMEOUT;
  boolean versioned = true;

  private DockerRequest(HttpMethod method, String path) {
    this.method = method;
    this.path = path;
  }

  public static DockerRequest get(String path) {
    return new DockerRequest(HttpMethod.GET, path);
  }

  public static DockerRequest post(String path) {
    return new DockerRequest(HttpMethod.POST, path);
  }

  public static DockerRequest delete(String path) {
    return new DockerRequest(HttpMethod.DELETE, path);
  }

  /** Adds a query parameter; a {@code null} value is left out. */
  public DockerRequest param(String name, Object value) {
    if (value != null) {
      query.append(query.length() == 0 ? '?' : '&').append(name).append('=')
        .append(URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
    }
    return this;
  }

  /** Adds {@code name=true} when {@code on}, nothing otherwise. */
  public DockerRequest flag(String name, boolean on) {
    return on ? param(name, "true") : this;
  }

  public DockerRequest header(String name, String value) {
    headers.set(name, value);
    return this;
  }

  public DockerRequest json(JsonObject json) {
    this.body = json.toBuffer();
    return header("Content-Type", "application/json");
  }

  public DockerRequest stream(ReadStream<Buffer> stream, String contentType) {
    this.bodyStream = stream;
    return header("Content-Type", contentType);
  }

  /** @param millis idle timeout, {@code 0} for none (streams that may stay silent) */
  public DockerRequest idleTimeout(long millis) {
    this.idleTimeout = millis;
    return this;
  }

  /** The path has no {@code /v1.xx} prefix ({@code /_ping}, {@code /version}). */
  public DockerRequest unversioned() {
    this.versioned = false;
    return this;
  }

  String uri(String apiVersion) {
    return (versioned ? "/v" + apiVersion : "") + path + query;
  }

  @Override
  public String toString() {
    return method + " " + path + query;
  }

  /** Percent-encodes a path segment such as an id or an image reference; keeps {@code /} and {@code :}. */
  public static String encode(String segment) {
    if (segment == null || segment.isEmpty()) {
      throw new IllegalArgumentException("an id or name is required");
    }
    StringBuilder out = new StringBuilder();
    for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || PATH_SAFE.indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }
}
