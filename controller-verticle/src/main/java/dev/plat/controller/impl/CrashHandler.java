package dev.plat.controller.impl;

import dev.plat.controller.Scheduler;
import dev.plat.cluster.RouteTable;
import dev.plat.controller.ContainerEngine;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Consumer;

/**
 * An instance died or never became healthy: take its route out, keep how it ended (its real exit
 * code, read before the removal kills it) and its last log lines as the function's last failure, remove
 * it, and hold the next start back (doubling back-off). A crash loop marks the function failing.
 */
final class CrashHandler {
  private final Hosts hosts;
  private final RouteTable routes;
  private final StatusPublisher status;
  private final Scheduler scheduler;
  private final int logLines;
  private final InstanceTerminator terminator;
  private final Consumer<FunctionState> changed;

  /** @param logLines how many of a crashed container's last log lines are kept */
  CrashHandler(Hosts hosts, RouteTable routes, StatusPublisher status, Scheduler scheduler, int logLines,
               InstanceTerminator terminator, Consumer<FunctionState> changed) {
    this.hosts = hosts;
    this.routes = routes;
    this.status = status;
    this.scheduler = scheduler;
    this.logLines = logLines;
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
    status.instance(instance, reason);
    routes.remove(instance.function(), instance.id());
    long now = scheduler.now();
    CrashTracker.Verdict verdict = fs.crashes().record(now);
    fs.nextStartAt(Math.max(fs.nextStartAt(), now + verdict.restartDelayMs()));
    // read how it ended and what it printed before the removal kills it (which would say 137)
    String containerId = instance.containerId();
    Future<ContainerEngine.Exit> exit = containerId == null ? Future.succeededFuture()
      : hosts.of(instance.node()).engine().exit(containerId).otherwise((ContainerEngine.Exit) null);
    Future<List<String>> logs = containerId == null ? Future.succeededFuture(List.of())
      : hosts.of(instance.node()).engine().logTail(containerId, logLines).otherwise(List.of());
    Future.join(exit, logs).otherwiseEmpty().compose(v -> {
      fs.lastFailure(Failure.of(reason, exit.result(), logs.result() == null ? List.of() : logs.result(),
        logLines, now));
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
