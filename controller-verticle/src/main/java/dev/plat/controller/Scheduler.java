package dev.plat.controller;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/** Time and timers, so back-off and timeouts can be driven by a manual clock in tests. */
public interface Scheduler {

  /** Timers of {@code vertx} on the caller's context, and the system clock. */
  static Scheduler of(Vertx vertx) {
    return new Scheduler() {
      @Override
      public long now() {
        return System.currentTimeMillis();
      }

      @Override
      public long schedule(long delayMs, Runnable task) {
        return vertx.setTimer(Math.max(1, delayMs), id -> task.run());
      }

      @Override
      public void cancel(long timerId) {
        vertx.cancelTimer(timerId);
      }
    };
  }

  /** Epoch milliseconds. */
  long now();

  /** Runs {@code task} once after {@code delayMs}; @return an id for {@link #cancel(long)}. */
  long schedule(long delayMs, Runnable task);

  void cancel(long timerId);

  /** Completes after {@code ms} on this scheduler; at once when {@code ms <= 0}. */
  default Future<Void> delay(long ms) {
    if (ms <= 0) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    schedule(ms, done::tryComplete);
    return done.future();
  }
}
