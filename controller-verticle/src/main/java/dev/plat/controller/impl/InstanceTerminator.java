package dev.plat.controller.impl;

import dev.plat.controller.ControllerOptions;
import dev.plat.controller.Scheduler;
import dev.plat.cluster.RouteTable;
import io.vertx.core.Future;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Stops instances without losing a request: the route out first, a short grace so every proxy
 * sees it gone, then the stop signal with time for the runtime to finish its in-flight requests
 * ({@code limits.timeoutSeconds}, bounded), then the container and its folder removed.
 */
final class InstanceTerminator {
  private static final Logger LOG = Logger.getLogger(InstanceTerminator.class.getName());

  private final Hosts hosts;
  private final RouteTable routes;
  private final StatusPublisher status;
  private final Scheduler scheduler;
  private final ControllerOptions options;
  private final Consumer<FunctionState> changed;

  /** @param changed told of a function whose instance is gone */
  InstanceTerminator(Hosts hosts, RouteTable routes, StatusPublisher status, Scheduler scheduler,
                     ControllerOptions options, Consumer<FunctionState> changed) {
    this.hosts = hosts;
    this.routes = routes;
    this.status = status;
    this.scheduler = scheduler;
    this.options = options;
    this.changed = changed;
  }

  /** Stops {@code instance}; @return completes once it is gone. Stopping twice is stopping once. */
  public Future<Void> stop(FunctionState fs, Instance instance) {
    if (!instance.isLive()) {
      return instance.gone().future();
    }
    boolean serving = instance.state() == Instance.State.READY;
    instance.state(Instance.State.STOPPING);
    status.instance(instance, null);
    int killAfter = InstanceSpecs.killAfterSeconds(options.drainSeconds(instance.limits().timeoutSeconds()));
    routes.remove(instance.function(), instance.id()).otherwiseEmpty()
      .compose(v -> scheduler.delay(serving ? options.getRouteGraceMs() : 0))
      .compose(v -> instance.then(() -> instance.containerId() == null ? Future.succeededFuture()
        : hosts.of(instance.node()).engine().stop(instance.containerId(), killAfter).otherwiseEmpty()))
      .compose(v -> cleanup(instance))
      .onComplete(ar -> {
        fs.remove(instance);
        status.instanceStopped(instance);
        instance.gone().tryComplete();
        changed.accept(fs);
      });
    return instance.gone().future();
  }

  /**
   * Forgets an instance whose node left the cluster: its container and folder went with the node,
   * its route is taken out (every node's janitor does the same), and the function is converged so
   * that a replacement is placed on a node that is still there.
   */
  public void lost(FunctionState fs, Instance instance) {
    if (!instance.isLive()) {
      return;
    }
    instance.state(Instance.State.STOPPING);
    routes.remove(instance.function(), instance.id()).otherwiseEmpty();
    fs.remove(instance);
    status.instanceStopped(instance);
    instance.gone().tryComplete();
    changed.accept(fs);
  }

  /** Removes the instance's container (if it has one) and its socket folder; never fails. */
  public Future<Void> cleanup(Instance instance) {
    Future<Void> removed = instance.containerId() == null ? Future.succeededFuture()
      : hosts.of(instance.node()).engine().remove(instance.containerId());
    return removed.compose(v -> hosts.of(instance.node()).dirs().delete(instance.id())).recover(err -> {
      LOG.log(Level.WARNING, "cleaning up instance " + instance.id() + " of " + instance.function() + " failed", err);
      return Future.succeededFuture();
    });
  }
}
