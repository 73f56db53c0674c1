package dev.plat.docker;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stand-in for dockerd on a unix socket, for what the real daemon cannot be made to do in a test
 * (drop a stream, restart, stall). Answers {@code /_ping} and {@code /version} (API 1.41) itself and
 * hands every other request to the test's handler. Can be stopped and started again on the same path.
 */
public final class FakeDaemon {

  private final Vertx vertx;
  private final Path socket;
  private final Handler<HttpServerRequest> handler;
  private HttpServer server;

  public FakeDaemon(Vertx vertx, Path socket, Handler<HttpServerRequest> handler) {
    this.vertx = vertx;
    this.socket = socket.toAbsolutePath();
    this.handler = handler;
  }

  /** @return {@code unix://<socket>} */
  public String dockerHost() {
    return "unix://" + socket;
  }

  public Future<Void> start() {
    try {
      Files.createDirectories(socket.getParent());
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server = vertx.createHttpServer().requestHandler(this::handle);
    return server.listen(SocketAddress.domainSocketAddress(socket.toString())).mapEmpty();
  }

  private void handle(HttpServerRequest request) {
    switch (request.path()) {
      case "/_ping" -> request.response().end("OK");
      case "/version" -> request.response().putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("ApiVersion", "1.41").put("Version", "fake").encode());
      default -> handler.handle(request);
    }
  }

  /** Stops listening and closes every open connection, like a daemon going down. */
  public Future<Void> stop() {
    HttpServer s = server;
    server = null;
    return s == null ? Future.succeededFuture() : s.close();
  }
}
