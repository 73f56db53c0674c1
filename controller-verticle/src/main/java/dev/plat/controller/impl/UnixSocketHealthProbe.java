package dev.plat.controller.impl;

import dev.plat.controller.HealthProbe;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.BooleanSupplier;

/**
 * Polls {@code GET <healthPath>} over an instance's unix socket, each time on a new connection whose
 * peer must be a process of the instance's container ({@link InstanceSocketClient}): a socket
 * replaced by a link to dockerd's or another instance's never answers healthy.
 */
final class UnixSocketHealthProbe implements HealthProbe {
  private static final long REQUEST_TIMEOUT_MS = 2_000;

  private final Vertx vertx;
  private final long intervalMs;
  private final InstanceSocketClient client;

  public UnixSocketHealthProbe(Vertx vertx, long intervalMs) {
    this.vertx = vertx;
    this.intervalMs = intervalMs;
    this.client = new InstanceSocketClient(vertx, (int) REQUEST_TIMEOUT_MS);
  }

  @Override
  public Future<Void> awaitReady(String socketPath, String containerId, String healthPath, long timeoutMs,
      BooleanSupplier wanted) {
    Promise<Void> ready = Promise.promise();
    long deadline = System.currentTimeMillis() + timeoutMs;
    attempt(socketPath, containerId, healthPath, deadline, wanted, ready, "no answer yet");
    return ready.future();
  }

  private void attempt(String socket, String containerId, String path, long deadline, BooleanSupplier wanted,
      Promise<Void> ready, String last) {
    if (!wanted.getAsBoolean()) {
      ready.tryFail("instance no longer starting");
      return;
    }
    if (System.currentTimeMillis() > deadline) {
      ready.tryFail("not healthy in time (" + last + ")");
      return;
    }
    client.call(socket, containerId, "GET", path, REQUEST_TIMEOUT_MS).onComplete(ar -> {
      if (ar.succeeded() && ar.result().status() == 200) {
        ready.tryComplete();
        return;
      }
      String why = ar.succeeded() ? "GET " + path + " answered " + ar.result().status()
        : String.valueOf(ar.cause().getMessage());
      vertx.setTimer(intervalMs, id -> attempt(socket, containerId, path, deadline, wanted, ready, why));
    });
  }

  /** Closes the client. */
  public Future<Void> close() {
    return client.close();
  }
}
