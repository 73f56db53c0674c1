package dev.plat.controller;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.RequestOptions;

/**
 * HTTP calls to instances from test threads, each started on one context: started from a test
 * thread, the callbacks of Vert.x 5.0's client can run on another event loop than the
 * connection's, and a short body can end before {@code body()} is asked for, a future that never
 * completes (vert.x issues 5825, 6038).
 */
final class InstanceCalls {
  private final HttpClient http;
  private final Context context;

  InstanceCalls(Vertx vertx) {
    this.http = vertx.createHttpClient();
    this.context = vertx.getOrCreateContext();
  }

  /** The body of the answer to {@code options}, read whole. */
  Future<Buffer> body(RequestOptions options) {
    Promise<Buffer> body = Promise.promise();
    context.runOnContext(v -> http.request(options).compose(req -> req.send()).compose(resp -> resp.body())
      .onComplete(body));
    return body.future();
  }

  /** {@link #body(RequestOptions)}; {@code written} completes once the whole request is written to the connection. */
  Future<Buffer> body(RequestOptions options, Promise<Void> written) {
    Promise<Buffer> body = Promise.promise();
    context.runOnContext(v -> http.request(options).compose(req -> {
      Future<Buffer> answer = req.response().compose(resp -> resp.body());
      req.end().onComplete(written);
      return answer;
    }).onComplete(body));
    return body.future();
  }

  Future<Void> close() {
    return http.close();
  }
}
