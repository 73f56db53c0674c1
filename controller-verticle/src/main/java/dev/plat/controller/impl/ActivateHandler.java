package dev.plat.controller.impl;

import dev.plat.cluster.api.PlatError;
import dev.plat.cluster.api.TrafficSplit;
import dev.plat.controller.Scheduler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.Optional;

/**
 * Answers a proxy's {@code plat.controller.activate} request {@code {"function"}} (a name, or a
 * version's unit key {@code NAME@vN}: its unit is made on the first request, see {@link Functions#unit}): a function with
 * no ready instance gets one, and the reply
 * {@code {"function","instance","activation":"ready"|"resumed"|"started","ms","route"}} comes once its route
 * is in the routing table, or for a resumed instance once it is thawed, its route still on its way
 * ({@code route}: that route, as {@link dev.plat.cluster.Route#toJson()}: the asking proxy serves
 * it at once). A paused instance is resumed (fast path); otherwise one instance is
 * started. However many requests arrive meanwhile, a function has one activation in flight and
 * they all share it. Failures: 404 {@code function_not_found}, 503 {@code function_stopped}, 503
 * {@code activation_failed} with the reason.
 */
final class ActivateHandler {
  private final Functions functions;
  private final InstancePauser pauser;
  private final Settler settler;
  private final Scheduler scheduler;
  private final String proxy;

  /** @param proxy {@code host:port} of this node's proxy, in a resumed or started instance's route */
  ActivateHandler(Functions functions, InstancePauser pauser, Settler settler, Scheduler scheduler, String proxy) {
    this.functions = functions;
    this.pauser = pauser;
    this.settler = settler;
    this.scheduler = scheduler;
    this.proxy = proxy;
  }

  Future<JsonObject> handle(JsonObject body) {
    String name = body == null ? null : body.getString("function");
    FunctionState fs = functions.unit(name);
    if (fs == null) {
      String function = name == null ? null : TrafficSplit.functionOf(name);
      return Future.failedFuture(function != null && !function.equals(name) && functions.find(function) != null
        ? PlatError.notFound("version_not_found", "'" + function + "' has no kept version v" + TrafficSplit.versionOf(name)
          + " with an image")
        : PlatError.notFound("function_not_found", "no function named '" + name + "'"));
    }
    if (!fs.wantsRunning()) {
      return Future.failedFuture(stopped(fs));
    }
    long now = scheduler.now();
    fs.touch(now);
    Future<JsonObject> inFlight = fs.activation();
    if (inFlight != null && !inFlight.isComplete()) {
      return inFlight;
    }
    Future<JsonObject> activation = activate(fs, now);
    fs.activation(activation);
    return activation;
  }

  private Future<JsonObject> activate(FunctionState fs, long startedAt) {
    Optional<Instance> ready = pick(fs, Instance.State.READY);
    if (ready.isPresent()) {
      return Future.succeededFuture(reply(fs, ready.get(), "ready", startedAt));
    }
    Optional<Instance> paused = pick(fs, Instance.State.PAUSED);
    if (paused.isPresent()) {
      Instance instance = paused.get();
      return pauser.resume(fs, instance).map(v -> reply(fs, instance, "resumed", startedAt))
        .recover(err -> fs.wantsRunning() ? start(fs, startedAt) : Future.failedFuture(stopped(fs)));
    }
    return start(fs, startedAt);
  }

  private Future<JsonObject> start(FunctionState fs, long startedAt) {
    if (fs.failing() && fs.instances().stream().noneMatch(Instance::isLive)) {
      return Future.failedFuture(failed(fs, "it is failing: " + fs.lastError() + StartAction.lastLogs(fs)));
    }
    fs.scale(Math.max(1, fs.scale()));
    long crashesBefore = fs.crashSerial();
    long timeout = settler.startDeadlineMs(fs.record().spec());
    return settler.converge(fs, f -> pick(f, Instance.State.READY).isPresent() || f.crashSerial() > crashesBefore
          || !f.wantsRunning(), timeout, failed(fs, "no instance became ready within " + timeout / 1000 + " s"))
      .compose(f -> {
        Optional<Instance> ready = pick(f, Instance.State.READY);
        if (ready.isPresent()) {
          return Future.succeededFuture(reply(f, ready.get(), "started", startedAt));
        }
        if (!f.wantsRunning()) {
          return Future.failedFuture(stopped(f));
        }
        return Future.failedFuture(failed(f, "an instance crashed while starting: " + f.lastError()
          + StartAction.lastLogs(f)));
      });
  }

  /** An instance in {@code state}, one running the current settings first. */
  private static Optional<Instance> pick(FunctionState fs, Instance.State state) {
    String fingerprint = fs.record() == null ? "" : InstanceSpecs.fingerprint(fs.record().spec());
    return fs.instances().stream().filter(i -> i.state() == state)
      .min(Comparator.comparing(i -> i.fingerprint().equals(fingerprint) ? 0 : 1));
  }

  private JsonObject reply(FunctionState fs, Instance instance, String how, long startedAt) {
    return new JsonObject().put("function", fs.name()).put("instance", instance.id()).put("activation", how)
      .put("ms", scheduler.now() - startedAt)
      .put("route", instance.route(proxy).toJson());
  }

  private static PlatError stopped(FunctionState fs) {
    return PlatError.unavailable("function_stopped", "function '" + fs.name() + "' is stopped");
  }

  private static PlatError failed(FunctionState fs, String reason) {
    return PlatError.unavailable("activation_failed", "could not activate function '" + fs.name() + "': " + reason);
  }
}
