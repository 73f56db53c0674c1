package dev.plat.proxy;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** A function instance for tests: a Vert.x HTTP server on a unix socket under target/. */
final class Origin {
  static final Path SOCKETS = Path.of("target", "s").toAbsolutePath();

  final Path socket;
  final HttpServer server;
  /** Every request received, in order (bodies not read unless the handler reads them). */
  final List<HttpServerRequest> received = new CopyOnWriteArrayList<>();

  private Origin(Path socket, HttpServer server) {
    this.socket = socket;
    this.server = server;
  }

  /** Starts an origin calling {@code handler} for each request. */
  static Future<Origin> start(Vertx vertx, Handler<HttpServerRequest> handler) {
    Path socket = newSocketPath();
    HttpServer server = vertx.createHttpServer();
    Origin origin = new Origin(socket, server);
    server.requestHandler(req -> {
      origin.received.add(req);
      handler.handle(req);
    });
    return server.listen(SocketAddress.domainSocketAddress(socket.toString())).map(origin);
  }

  /** An origin answering every request with what it saw: method, uri, headers and body size. */
  static Future<Origin> echo(Vertx vertx) {
    return start(vertx, req -> req.body().onSuccess(body -> req.response()
      .putHeader("content-type", "application/json")
      .putHeader("x-resp", "1").putHeader("keep-alive", "timeout=9").putHeader("proxy-authenticate", "Basic")
      .end(describe(req).put("body", body.toString()).put("bodyLength", body.length()).encode())));
  }

  static JsonObject describe(HttpServerRequest req) {
    JsonObject headers = new JsonObject();
    req.headers().names().forEach(name -> headers.put(name.toLowerCase(), new JsonArray(req.headers().getAll(name))));
    return new JsonObject().put("method", req.method().name()).put("uri", req.uri()).put("headers", headers);
  }

  /** A fresh socket path (short enough for the 108-byte limit). */
  static Path newSocketPath() {
    try {
      Files.createDirectories(SOCKETS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return SOCKETS.resolve(UUID.randomUUID().toString().substring(0, 8) + ".sock");
  }

  int count() {
    return received.size();
  }
}
