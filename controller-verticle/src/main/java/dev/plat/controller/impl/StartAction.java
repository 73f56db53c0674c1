package dev.plat.controller.impl;

import dev.plat.cluster.api.PlatError;
import dev.plat.controller.FunctionRecord;
import dev.plat.controller.Scheduler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * {@code start}: marks the function running (durably), clears its crash history and answers its
 * status once {@code max(min,1)} instances are ready (or paused); 503 {@code start_failed} with the error and
 * last log lines when an instance crashes first (restarts go on with back-off), 504 on timeout.
 */
final class StartAction implements Action {
  private final Functions functions;
  private final Settler settler;
  private final Scheduler scheduler;
  private final StatusView view;

  StartAction(Functions functions, Settler settler, Scheduler scheduler, StatusView view) {
    this.functions = functions;
    this.settler = settler;
    this.scheduler = scheduler;
    this.view = view;
  }

  @Override
  public Future<JsonObject> handle(JsonObject body) {
    FunctionState fs = functions.get(body.getString("name"));
    long crashesBefore = fs.crashSerial();
    boolean wasRunning = fs.wantsRunning();
    long timeout = settler.startDeadlineMs(fs.record().spec());
    return functions.save(fs.record().withDesired(FunctionRecord.Desired.RUNNING))
      .compose(saved -> {
        saved.clearFailures();
        saved.touch(scheduler.now());
        int initial = Converger.target(saved.record().spec());
        saved.scale(wasRunning ? Math.max(saved.scale(), initial) : initial);
        return settler.converge(saved, f -> serving(f) || f.crashSerial() > crashesBefore
          || !f.wantsRunning(), timeout, new PlatError(504, "start_timeout", "the function did not become ready in time"));
      })
      .compose(f -> {
        if (serving(f) || !f.wantsRunning()) {
          return Future.succeededFuture(view.status(f));
        }
        return Future.failedFuture(new PlatError(503, "start_failed", "an instance of '" + f.name()
          + "' crashed while starting: " + f.lastError() + lastLogs(f)));
      });
  }

  private static boolean serving(FunctionState f) {
    return f.state() == FunctionState.State.READY || f.state() == FunctionState.State.PAUSED;
  }

  static String lastLogs(FunctionState f) {
    return f.lastLogs().isEmpty() ? "" : "; last log lines:\n" + String.join("\n", f.lastLogs());
  }
}
