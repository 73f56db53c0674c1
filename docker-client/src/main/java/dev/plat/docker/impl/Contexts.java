package dev.plat.docker.impl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Runs an operation on a Vert.x context. An operation started from a plain thread (a test, a main
 * method) would otherwise race the event loop: a response could start streaming before the
 * operation's handlers are in place.
 */
final class Contexts {

  private Contexts() {
  }

  static <T> Future<T> run(Vertx vertx, Supplier<Future<T>> operation) {
    if (Vertx.currentContext() != null) {
      return operation.get();
    }
    Context context = vertx.getOrCreateContext();
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> {
      try {
        operation.get().onComplete(promise);
      } catch (RuntimeException e) {
        promise.fail(e);
      }
    });
    return promise.future();
  }
}
