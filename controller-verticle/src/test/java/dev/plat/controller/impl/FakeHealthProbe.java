package dev.plat.controller.impl;

import dev.plat.controller.HealthProbe;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Healthy at once unless held: a held probe waits until the test says ready or fails it. */
final class FakeHealthProbe implements HealthProbe {
  final Map<String, Promise<Void>> waiting = new LinkedHashMap<>();
  final Map<String, String> paths = new LinkedHashMap<>();
  final Map<String, Long> timeouts = new LinkedHashMap<>();
  boolean hold;

  @Override
  public Future<Void> awaitReady(String socketPath, String containerId, String healthPath, long timeoutMs,
      BooleanSupplier wanted) {
    paths.put(socketPath, healthPath);
    timeouts.put(socketPath, timeoutMs);
    if (!hold) {
      return Future.succeededFuture();
    }
    Promise<Void> promise = Promise.promise();
    waiting.put(socketPath, promise);
    return promise.future();
  }

  void ready(String socketPath) {
    waiting.remove(socketPath).complete();
  }

  void fail(String socketPath) {
    waiting.remove(socketPath).fail("timed out");
  }
}
