package dev.plat.controller.impl;

import dev.plat.controller.HealthProbe;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.util.function.BooleanSupplier;

/**
 * Polls {@code GET /_/health} over an instance's unix socket. With a unix-socket server Vert.x
 * sends no Host header by itself, so every request sets one.
 */
public final class UnixSocketHealthProbe implements HealthProbe {
  static final String PATH = "/_/health";
  private static final String HOST = "localhost";
  private static final long REQUEST_TIMEOUT_MS = 2_000;

  private final Vertx vertx;
  private final long intervalMs;
  private final HttpClient client;

  public UnixSocketHealthProbe(Vertx vertx, long intervalMs) {
    this.vertx = vertx;
    this.intervalMs = intervalMs;
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false)
      .setConnectTimeout((int) REQUEST_TIMEOUT_MS));
  }

  @Override
  public Future<Void> awaitReady(String socketPath, long timeoutMs, BooleanSupplier wanted) {
    Promise<Void> ready = Promise.promise();
    long deadline = System.currentTimeMillis() + timeoutMs;
    attempt(socketPath, deadline, wanted, ready, "no answer yet");
    return ready.future();
  }

  private void attempt(String socket, long deadline, BooleanSupplier wanted, Promise<Void> ready, String last) {
    if (!wanted.getAsBoolean()) {
      ready.tryFail("instance no longer starting");
      return;
    }
    if (System.currentTimeMillis() > deadline) {
      ready.tryFail("not healthy in time (" + last + ")");
      return;
    }
    check(socket).onComplete(ar -> {
      if (ar.succeeded() && ar.result() == 200) {
        ready.tryComplete();
        return;
      }
      String why = ar.succeeded() ? "health answered " + ar.result() : String.valueOf(ar.cause().getMessage());
      vertx.setTimer(intervalMs, id -> attempt(socket, deadline, wanted, ready, why));
    });
  }

  private Future<Integer> check(String socket) {
    RequestOptions options = new RequestOptions().setServer(SocketAddress.domainSocketAddress(socket))
      .setMethod(HttpMethod.GET).setHost(HOST).setPort(80).setURI(PATH)
      .putHeader("Host", HOST).setIdleTimeout(REQUEST_TIMEOUT_MS);
    return client.request(options)
      .compose(req -> req.send())
      .compose(resp -> resp.body().map(body -> status(resp)));
  }

  private static int status(HttpClientResponse resp) {
    return resp.statusCode();
  }

  /** Closes the HTTP client. */
  public Future<Void> close() {
    return client.close();
  }
}
