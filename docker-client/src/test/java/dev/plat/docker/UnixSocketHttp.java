package dev.plat.docker;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.util.function.Supplier;

/** Plain HTTP GETs over a unix socket (a function instance's {@code fn.sock}), for tests. */
public final class UnixSocketHttp {

  /** A status and a body. */
  public record Answer(int status, String body) {
  }

  private final Vertx vertx;
  private final HttpClient client;
  /** Where every call starts: its connections and callbacks stay on one event loop (see {@link #get}). */
  private final Context context;

  public UnixSocketHttp(Vertx vertx) {
    this.vertx = vertx;
    this.client = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(4));
    this.context = vertx.getOrCreateContext();
  }

  /** GETs {@code uri}; the body is read in the same chain. */
  public Future<Answer> get(String socketPath, String uri) {
    // Started from a test thread, the callbacks of Vert.x 5.0's client could run on another event loop
    // than the connection's, and a short body could end before body() was asked for (vert.x issues
    // 5825, 6038). Started on one context, the whole exchange is on its thread.
    Promise<Answer> answer = Promise.promise();
    context.runOnContext(v -> client.request(new RequestOptions().setServer(SocketAddress.domainSocketAddress(socketPath))
        .setHost("localhost").setPort(80).setURI(uri))
      .compose(HttpClientRequest::send)
      .compose(response -> response.body().map(body -> new Answer(response.statusCode(), body.toString())))
      .onComplete(answer));
    return answer.future();
  }

  /** GETs {@code uri} until it answers, every {@code intervalMs}, at most {@code attempts} times. */
  public Future<Answer> getWhenReady(String socketPath, String uri, int attempts, long intervalMs) {
    return retry(() -> get(socketPath, uri), attempts, intervalMs);
  }

  /** Retries {@code operation} on failure, with a timer between attempts (no thread sleeps). */
  public <T> Future<T> retry(Supplier<Future<T>> operation, int attempts, long intervalMs) {
    Promise<T> result = Promise.promise();
    attempt(operation, attempts, intervalMs, result);
    return result.future();
  }

  private <T> void attempt(Supplier<Future<T>> operation, int left, long intervalMs, Promise<T> result) {
    operation.get().onComplete(ar -> {
      if (ar.succeeded()) {
        result.complete(ar.result());
      } else if (left <= 1) {
        result.fail(ar.cause());
      } else {
        vertx.setTimer(intervalMs, id -> attempt(operation, left - 1, intervalMs, result));
      }
    });
  }

  public Future<Void> close() {
    return client.close();
  }
}
