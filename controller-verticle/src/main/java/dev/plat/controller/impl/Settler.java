package dev.plat.controller.impl;

import dev.plat.cluster.api.FunctionSpec;
import dev.plat.cluster.api.PlatError;
import dev.plat.controller.Scheduler;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.Predicate;

/**
 * Converges a function and waits until a condition holds on it, or a deadline passes: the
 * {@code start} and {@code patch} actions and activations wait this way.
 */
final class Settler {
  /**
   * Added to a function's start timeout for an action's deadline: the time to create the container
   * (and pull its image on another node) before the start timeout's own clock runs.
   */
  static final long START_SLACK_MS = 10_000;

  private final Converger converger;
  private final Scheduler scheduler;
  private final long defaultStartTimeoutMs;

  /** @param defaultStartTimeoutMs the start timeout of a function that sets none */
  Settler(Converger converger, Scheduler scheduler, long defaultStartTimeoutMs) {
    this.converger = converger;
    this.scheduler = scheduler;
    this.defaultStartTimeoutMs = defaultStartTimeoutMs;
  }

  /** How long an action waits for an instance of {@code spec} to start: its start timeout plus {@link #START_SLACK_MS}. */
  long startDeadlineMs(FunctionSpec spec) {
    return spec.startTimeoutMs(defaultStartTimeoutMs) + START_SLACK_MS;
  }

  /**
   * Converges {@code fs}; completes with it once {@code condition} holds, fails with
   * {@code onTimeout} after {@code timeoutMs}.
   */
  Future<FunctionState> converge(FunctionState fs, Predicate<FunctionState> condition, long timeoutMs,
                                 PlatError onTimeout) {
    converger.converge(fs);
    Promise<FunctionState> result = Promise.promise();
    long timer = scheduler.schedule(timeoutMs, () -> result.tryFail(onTimeout));
    fs.await(condition).onComplete(ar -> {
      scheduler.cancel(timer);
      result.tryComplete(ar.result());
    });
    return result.future();
  }
}
