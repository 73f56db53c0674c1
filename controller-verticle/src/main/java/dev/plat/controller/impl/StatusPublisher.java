package dev.plat.controller.impl;

import dev.plat.cluster.api.TrafficSplit;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Publishes state changes on {@code plat.status}:
 * <pre>
 * {"type":"function","function","state","version","time"[,"error","logs":[...]]}
 * {"type":"instance","function","instance","state","version","node","time"[,"error"]}
 * {"type":"metrics","functions":{name:{"requestsPerMinute","p95Ms"}},"time"}
 * </pre>
 * Function states: building, build_failed, starting, ready, paused (every instance paused),
 * scaled-to-zero (no instance, {@code scaling.min} 0), stopped, failing, deleted.
 * Instance states: starting, ready, paused, stopping, crashed, stopped.
 */
final class StatusPublisher {
  private final Consumer<JsonObject> sink;
  private final LongSupplier clock;

  public StatusPublisher(Consumer<JsonObject> sink, LongSupplier clock) {
    this.sink = sink;
    this.clock = clock;
  }

  /** The function's state changed to {@code fs.state()}. */
  public void function(FunctionState fs) {
    if (fs.isUnit()) {
      return;  // a version's unit: its instances' events tell its story, under the function's name
    }
    JsonObject event = function(fs.name(), fs.state(), fs.record() == null ? 0 : fs.record().spec().version());
    if (fs.record() != null) {
      event.put("runtime", fs.record().spec().runtime());  // a page that never listed the function shows it whole
    }
    if (fs.state() == FunctionState.State.FAILING) {
      event.put("error", fs.lastError()).put("logs", new JsonArray(fs.lastLogs()));
    }
    sink.accept(event);
  }

  /** A function event outside the registry's lifecycle (a build, a deletion). */
  public void function(String name, FunctionState.State state, long version, JsonObject extra) {
    sink.accept(function(name, state, version).mergeIn(extra));
  }

  public void instance(Instance instance, String error) {
    JsonObject event = new JsonObject().put("type", "instance").put("function", TrafficSplit.functionOf(instance.function()))
      .put("instance", instance.id()).put("state", instance.state().id()).put("version", instance.version())
      .put("node", instance.node()).put("time", clock.getAsLong());
    if (error != null) {
      event.put("error", error);
    }
    sink.accept(event);
  }

  /**
   * The {@code metrics} of every registered function ({@code {name: {"requestsPerMinute","p95Ms"}}}),
   * sent when any changed: the status pushes carry what {@code GET /api/functions} answers.
   */
  public void metrics(JsonObject functions) {
    sink.accept(new JsonObject().put("type", "metrics").put("functions", functions).put("time", clock.getAsLong()));
  }

  /** An instance that is gone (its container removed). */
  public void instanceStopped(Instance instance) {
    sink.accept(new JsonObject().put("type", "instance").put("function", TrafficSplit.functionOf(instance.function()))
      .put("instance", instance.id()).put("state", "stopped").put("version", instance.version())
      .put("node", instance.node()).put("time", clock.getAsLong()));
  }

  private JsonObject function(String name, FunctionState.State state, long version) {
    return new JsonObject().put("type", "function").put("function", name).put("state", state == null ? null : state.id())
      .put("version", version).put("time", clock.getAsLong());
  }
}
