package dev.plat.controller.impl;

import io.vertx.core.Future;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Stops instances: route out first, then a graceful stop, then the container and its folder removed. */
public final class InstanceTerminator {
  private static final Logger LOG = Logger.getLogger(InstanceTerminator.class.getName());

  private final Collaborators c;
  private final Consumer<FunctionState> changed;

  public InstanceTerminator(Collaborators c, Consumer<FunctionState> changed) {
    this.c = c;
    this.changed = changed;
  }

  /** Stops {@code instance}; @return completes once it is gone. Stopping twice is stopping once. */
  public Future<Void> stop(FunctionState fs, Instance instance) {
    if (!instance.isLive()) {
      return instance.gone().future();
    }
    instance.state(Instance.State.STOPPING);
    c.status().instance(instance, null);
    c.routes().remove(instance.function(), instance.id()).otherwiseEmpty()
      .compose(v -> instance.containerId() == null ? Future.succeededFuture()
        : c.engine().stop(instance.containerId(), c.options().stopTimeoutSeconds()).otherwiseEmpty())
      .compose(v -> cleanup(instance))
      .onComplete(ar -> {
        fs.remove(instance);
        c.status().instanceStopped(instance);
        instance.gone().tryComplete();
        changed.accept(fs);
      });
    return instance.gone().future();
  }

  /** Removes the instance's container (if it has one) and its socket folder; never fails. */
  public Future<Void> cleanup(Instance instance) {
    Future<Void> removed = instance.containerId() == null ? Future.succeededFuture()
      : c.engine().remove(instance.containerId());
    return removed.compose(v -> c.dirs().delete(instance.id())).recover(err -> {
      LOG.log(Level.WARNING, "cleaning up instance " + instance.id() + " of " + instance.function() + " failed", err);
      return Future.succeededFuture();
    });
  }
}
