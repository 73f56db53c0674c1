package dev.plat.controller.impl;

import dev.plat.controller.Scheduler;
import dev.plat.cluster.RouteTable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Pauses idle instances and resumes them on demand. A pause takes the route out first, so no
 * request is sent to a frozen process, waits the route grace (requests already sent finish),
 * then freezes the container. A resume thaws it and puts the route back at the same time (a
 * request that reaches the socket first waits there for the thaw, well under a millisecond with
 * the freezer); no health check: the process was healthy when frozen. Operations on one instance
 * run in order ({@link Instance#then}).
 */
final class InstancePauser {
  private static final Logger LOG = Logger.getLogger(InstancePauser.class.getName());

  private final Hosts hosts;
  private final RouteTable routes;
  private final StatusPublisher status;
  private final Scheduler scheduler;
  private final long routeGraceMs;
  private final CrashHandler crashes;
  private final Consumer<FunctionState> changed;

  /** @param routeGraceMs how long a pause waits, its route out, before it freezes the container */
  InstancePauser(Hosts hosts, RouteTable routes, StatusPublisher status, Scheduler scheduler, long routeGraceMs,
                 CrashHandler crashes, Consumer<FunctionState> changed) {
    this.hosts = hosts;
    this.routes = routes;
    this.status = status;
    this.scheduler = scheduler;
    this.routeGraceMs = routeGraceMs;
    this.crashes = crashes;
    this.changed = changed;
  }

  /** Pauses a ready instance; anything else is left alone. @return completes when it is paused (or left). */
  public Future<Void> pause(FunctionState fs, Instance instance) {
    if (instance.state() != Instance.State.READY || instance.containerId() == null) {
      return Future.succeededFuture();
    }
    instance.state(Instance.State.PAUSED);
    instance.frozen(true);
    status.instance(instance, null);
    changed.accept(fs);
    return instance.then(() -> routes.remove(instance.function(), instance.id())
      .compose(v -> scheduler.delay(routeGraceMs))
      .compose(v -> instance.state() == Instance.State.PAUSED ? hosts.of(instance.node()).engine().pause(instance.containerId())
        : Future.succeededFuture())
      .recover(err -> {
        LOG.warning("could not pause instance " + instance.id() + " of " + instance.function() + ": " + err.getMessage());
        instance.frozen(false);
        return instance.state() == Instance.State.PAUSED ? serveAgain(fs, instance) : Future.succeededFuture();
      }));
  }

  /**
   * Resumes a paused instance: thawed, routed, ready. The future completes once it is thawed (it
   * serves: a caller that knows its route may send to it) while its route is still on its way to
   * the table. A ready instance is already resumed; an instance that cannot be thawed or routed
   * counts as crashed and the future fails.
   */
  public Future<Void> resume(FunctionState fs, Instance instance) {
    Promise<Void> serving = Promise.promise();
    instance.then(() -> {
      if (instance.state() == Instance.State.READY) {
        serving.tryComplete();
        return Future.succeededFuture();
      }
      if (instance.state() != Instance.State.PAUSED) {
        Future<Void> refused = Future.failedFuture("instance " + instance.id() + " is " + instance.state().id());
        serving.tryFail(refused.cause());
        return refused;
      }
      Future<Void> thawed = instance.frozen() ? hosts.of(instance.node()).engine().unpause(instance.containerId()) : Future.succeededFuture();
      Future<Void> routed = routes.put(instance.route(hosts.of(instance.node()).proxy()));
      thawed.onSuccess(v -> {
        instance.frozen(false);
        if (instance.state() == Instance.State.PAUSED && !routed.failed()) {
          serving.tryComplete();
        }
      });
      return Future.all(thawed, routed)
        .compose(v -> ready(fs, instance))
        .onFailure(err -> {
          serving.tryFail(err);
          crashes.crashed(fs, instance, "could not resume: " + err.getMessage());
        });
    });
    return serving.future();
  }

  private Future<Void> serveAgain(FunctionState fs, Instance instance) {
    return routes.put(instance.route(hosts.of(instance.node()).proxy())).compose(v -> ready(fs, instance));
  }

  /** The route is in: the instance serves again, unless it was stopped meanwhile (then the route goes). */
  private Future<Void> ready(FunctionState fs, Instance instance) {
    if (instance.state() != Instance.State.PAUSED) {
      return routes.remove(instance.function(), instance.id()).otherwiseEmpty()
        .compose(x -> Future.failedFuture("instance " + instance.id() + " is " + instance.state().id()));
    }
    instance.state(Instance.State.READY);
    instance.activeSince(scheduler.now());
    status.instance(instance, null);
    changed.accept(fs);
    return Future.succeededFuture();
  }
}
