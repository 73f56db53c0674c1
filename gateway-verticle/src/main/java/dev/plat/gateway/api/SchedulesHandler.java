package dev.plat.gateway.api;

import dev.plat.cluster.Names;
import dev.plat.gateway.async.AsyncInvocation;
import dev.plat.gateway.async.InvocationStore;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/schedules}: 200 {@code {"schedules": [{function, schedule, timezone, nextRun,
 * lastRun: {tick, id, state, status}}]}} (times in epoch milliseconds). The leading controller knows
 * the schedules and their ticks ({@link Names.Address#SCHEDULES}); the state of each last run's
 * invocation is read here from the invocation store. 503 while no controller leads.
 */
public final class SchedulesHandler implements Handler<RoutingContext> {
  private static final long TIMEOUT_MS = 10_000;

  private final BusRequests leader;
  private final InvocationStore store;

  /** @param store the invocations; {@code null}: last runs without their state */
  public SchedulesHandler(EventBus bus, InvocationStore store) {
    this.leader = new BusRequests(bus, Names.Address.SCHEDULES);
    this.store = store;
  }

  @Override
  public void handle(RoutingContext ctx) {
    leader.idempotent("list", new JsonObject(), TIMEOUT_MS).compose(this::withStates).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else if (!ctx.response().closed()) {
        ctx.response().putHeader("Content-Type", "application/json").end(ar.result().encode());
      }
    });
  }

  private Future<JsonObject> withStates(JsonObject answer) {
    JsonArray rows = answer.getJsonArray("schedules", new JsonArray());
    List<Future<?>> reads = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      JsonObject last = rows.getJsonObject(i).getJsonObject("lastRun");
      if (last == null || last.getString("id") == null || store == null) {
        continue;
      }
      reads.add(store.get(last.getString("id")).onSuccess(invocation -> state(last, invocation)));
    }
    return Future.join(reads).otherwise(v -> null).map(v -> new JsonObject().put("schedules", rows));
  }

  private static void state(JsonObject last, AsyncInvocation invocation) {
    if (invocation == null) {
      last.put("state", "expired");
      return;
    }
    last.put("state", invocation.state());
    JsonObject result = invocation.result();
    if (result != null && result.getInteger("status") != null) {
      last.put("status", result.getInteger("status"));
    }
  }
}
