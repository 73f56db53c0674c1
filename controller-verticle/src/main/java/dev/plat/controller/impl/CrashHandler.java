package dev.plat.controller.impl;

import dev.plat.controller.ContainerEngine;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Consumer;

/**
 * An instance died or never became healthy: take its route out, keep how it ended (its real exit
 * code, read before the removal kills it) and its last log lines as the function's last failure, remove
 * it, and hold the next start back (doubling back-off). A crash loop marks the function failing.
 */
public final class CrashHandler {
  private final Collaborators c;
  private final InstanceTerminator terminator;
  private final Consumer<FunctionState> changed;

  public CrashHandler(Collaborators c, InstanceTerminator terminator, Consumer<FunctionState> changed) {
    this.c = c;
    this.terminator = terminator;
    this.changed = changed;
  }

  /** Handles a crash of a starting or ready instance; anything else (stopping, already crashed) is ignored. */
  public void crashed(FunctionState fs, Instance instance, String reason) {
    if (!instance.isLive()) {
      return;
    }
    instance.state(Instance.State.CRASHED);
    fs.noteCrash();
    c.status().instance(instance, reason);
    c.routes().remove(instance.function(), instance.id());
    long now = c.scheduler().now();
    CrashTracker.Verdict verdict = fs.crashes().record(now);
    fs.nextStartAt(Math.max(fs.nextStartAt(), now + verdict.restartDelayMs()));
    // read how it ended and what it printed before the removal kills it (which would say 137)
    String containerId = instance.containerId();
    Future<ContainerEngine.Exit> exit = containerId == null ? Future.succeededFuture()
      : c.host(instance.node()).engine().exit(containerId).otherwise((ContainerEngine.Exit) null);
    Future<List<String>> logs = containerId == null ? Future.succeededFuture(List.of())
      : c.host(instance.node()).engine().logTail(containerId, c.options().logLines()).otherwise(List.of());
    Future.join(exit, logs).otherwiseEmpty().compose(v -> {
      fs.lastFailure(Failure.of(reason, exit.result(), logs.result() == null ? List.of() : logs.result(),
        c.options().logLines(), now));
      if (verdict.looping()) {
        fs.failing(true);
      }
      return terminator.cleanup(instance);
    }).onComplete(ar -> {
      fs.remove(instance);
      instance.gone().tryComplete();
      changed.accept(fs);
    });
  }
}
