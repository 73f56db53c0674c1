package dev.plat.controller.impl;

import dev.plat.cluster.RouteTable;
import dev.plat.controller.ContainerEngine;
import dev.plat.controller.ControllerOptions;
import dev.plat.controller.HealthProbe;
import dev.plat.controller.Scheduler;
import dev.plat.controller.SocketDirs;
import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * What the lifecycle classes share: the boundaries (engine, routes, socket folders, probe, clock),
 * the status publisher, the options, this node's id and the {@code host:port} of its proxy.
 */
public record Collaborators(ContainerEngine engine, RouteTable routes, SocketDirs dirs, HealthProbe probe,
                            Scheduler scheduler, StatusPublisher status, ControllerOptions options,
                            String node, String proxy) {

  /** Completes after {@code ms} on the scheduler; at once when {@code ms <= 0}. */
  public Future<Void> delay(long ms) {
    if (ms <= 0) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    scheduler.schedule(ms, done::tryComplete);
    return done.future();
  }
}
