package dev.plat.docker.impl;

import dev.plat.docker.DockerClientOptions;
import dev.plat.docker.DockerException;
import dev.plat.docker.DockerHost;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Sends {@link DockerRequest}s to the daemon over one pooled {@code HttpClient}, prefixes the
 * negotiated API version and turns error answers and transport failures into {@code DockerException}s.
 */
public final class Transport {

  /** dockerd rejects a request without a Host header; over a unix socket Vert.x sends one only when set. */
  private static final String UNIX_HOST_HEADER = "localhost";

  private final Vertx vertx;
  private final DockerClientOptions options;
  private final DockerHost host;
  private final HttpClientAgent client;
  private Future<String> apiVersion;

  public Transport(Vertx vertx, DockerClientOptions options) {
    this.vertx = vertx;
    this.options = options;
    this.host = options.dockerHostAddress();
    HttpClientOptions http = new HttpClientOptions()
      .setConnectTimeout(options.getConnectTimeout())
      .setKeepAlive(true)
      .setIdleTimeout(0);
    this.client = vertx.createHttpClient(http, new PoolOptions().setHttp1MaxSize(options.getMaxPoolSize()));
  }

  public Vertx vertx() {
    return vertx;
  }

  public DockerClientOptions options() {
    return options;
  }

  public String dockerHost() {
    return host.uri();
  }

  /** @return the API version for calls: the fixed one, or the daemon's capped at {@link DockerClientOptions#MAX_API_VERSION} */
  public synchronized Future<String> apiVersion() {
    if (options.getApiVersion() != null) {
      return Future.succeededFuture(options.getApiVersion());
    }
    if (apiVersion == null) {
      Future<String> negotiation = jsonObject(DockerRequest.get("/version").unversioned())
        .map(v -> negotiate(JsonReads.str(v, "ApiVersion")));
      apiVersion = negotiation;
      negotiation.onFailure(t -> forget(negotiation));
    }
    return apiVersion;
  }

  private synchronized void forget(Future<String> failed) {
    if (apiVersion == failed) {
      apiVersion = null;
    }
  }

  static String negotiate(String daemonVersion) {
    if (daemonVersion == null || !daemonVersion.matches("\\d+\\.\\d+")) {
      return DockerClientOptions.MAX_API_VERSION;
    }
    return compare(daemonVersion, DockerClientOptions.MAX_API_VERSION) < 0 ? daemonVersion : DockerClientOptions.MAX_API_VERSION;
  }

  static int compare(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    int major = Integer.compare(Integer.parseInt(x[0]), Integer.parseInt(y[0]));
    return major != 0 ? major : Integer.compare(Integer.parseInt(x[1]), Integer.parseInt(y[1]));
  }

  /**
   * Sends the request and completes with the response once its head arrived with a status below 400;
   * the body is not read yet. An error status fails with the daemon's message.
   */
  public Future<HttpClientResponse> send(DockerRequest request) {
    Future<String> version = request.versioned ? apiVersion() : Future.succeededFuture(null);
    return version.compose(v -> exchange(request, v)).compose(this::checkStatus);
  }

  private Future<HttpClientResponse> exchange(DockerRequest request, String version) {
    long idle = request.idleTimeout == DockerRequest.DEFAULT_TIMEOUT ? options.getRequestTimeout() : request.idleTimeout;
    RequestOptions ro = new RequestOptions()
      .setServer(host.socketAddress())
      .setHost(host.isUnixSocket() ? UNIX_HOST_HEADER : host.host())
      .setPort(host.isUnixSocket() ? 80 : host.port())
      .setMethod(request.method)
      .setURI(request.uri(version))
      .setHeaders(request.headers)
      .setConnectTimeout(options.getConnectTimeout())
      .setIdleTimeout(idle);
    return client.request(ro)
      .recover(t -> Future.failedFuture(DockerErrors.connectFailure(t, host.uri())))
      .compose(req -> sendBody(req, request)
        .recover(t -> Future.failedFuture(DockerErrors.fromThrowable(t, host.uri()))));
  }

  private static Future<HttpClientResponse> sendBody(HttpClientRequest req, DockerRequest request) {
    if (request.bodyStream != null) {
      return req.send(request.bodyStream);
    }
    return request.body != null ? req.send(request.body) : req.send();
  }

  private Future<HttpClientResponse> checkStatus(HttpClientResponse response) {
    int status = response.statusCode();
    if (status < 400) {
      return Future.succeededFuture(response);
    }
    return response.body().transform(ar -> Future.failedFuture(DockerErrors.fromStatus(status, ar.succeeded() ? ar.result() : null)));
  }

  /** Sends the request and reads the whole body. */
  public Future<Buffer> body(DockerRequest request) {
    return send(request).compose(r -> r.body().recover(t -> Future.failedFuture(DockerErrors.fromThrowable(t, host.uri()))));
  }

  /** Sends the request and ignores the body. */
  public Future<Void> discard(DockerRequest request) {
    return body(request).mapEmpty();
  }

  public Future<JsonObject> jsonObject(DockerRequest request) {
    return body(request).compose(b -> decode(request, b, () -> b.length() == 0 ? new JsonObject() : new JsonObject(b)));
  }

  public Future<JsonArray> jsonArray(DockerRequest request) {
    return body(request).compose(b -> decode(request, b, () -> b.length() == 0 ? new JsonArray() : new JsonArray(b)));
  }

  private static <T> Future<T> decode(DockerRequest request, Buffer body, java.util.function.Supplier<T> parse) {
    try {
      return Future.succeededFuture(parse.get());
    } catch (RuntimeException e) {
      return Future.failedFuture(new DockerException(DockerException.NO_STATUS,
        "Docker daemon answered " + request + " with invalid JSON: " + e.getMessage(), e));
    }
  }

  public Future<Void> close() {
    return client.close();
  }
}
