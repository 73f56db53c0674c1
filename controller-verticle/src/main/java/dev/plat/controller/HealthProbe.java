package dev.plat.controller;

import dev.plat.cluster.api.FunctionSpec;
import dev.plat.controller.impl.ControllerParts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.BooleanSupplier;

/**
 * Tells when an instance is ready: {@code GET} of its health path ({@code /_/health} unless the
 * function sets {@code healthPath}) answers 200 over its unix socket.
 */
public interface HealthProbe {

  /** Polls with a Vert.x {@code HttpClient} on the socket every {@code intervalMs}. */
  static HealthProbe unixSocket(Vertx vertx, long intervalMs) {
    return ControllerParts.unixSocketProbe(vertx, intervalMs);
  }

  /**
   * Completes once the instance answers healthy; fails after {@code timeoutMs}, or as soon as
   * {@code wanted} turns false (the instance crashed or is being stopped meanwhile). Only an
   * answer from a process of container {@code containerId} counts: the socket's folder is the
   * function's to write, and a link there to another socket must not make it healthy.
   */
  Future<Void> awaitReady(String socketPath, String containerId, String healthPath, long timeoutMs,
      BooleanSupplier wanted);

  /** {@link #awaitReady(String, String, String, long, BooleanSupplier)} on the runtimes' {@code /_/health}. */
  default Future<Void> awaitReady(String socketPath, String containerId, long timeoutMs, BooleanSupplier wanted) {
    return awaitReady(socketPath, containerId, FunctionSpec.DEFAULT_HEALTH_PATH, timeoutMs, wanted);
  }

  /** Releases what the probe holds (its HTTP client); nothing by default. */
  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
