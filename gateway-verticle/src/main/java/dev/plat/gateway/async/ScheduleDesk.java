package dev.plat.gateway.async;

import dev.plat.cluster.Names;
import dev.plat.cluster.api.PlatError;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * The asynchronous side of schedules, on {@link Names.Address#SCHEDULE_TICKS} (every gateway node
 * answers; the leading controller asks). The leader decides when a tick is due; this turns it into
 * an asynchronous invocation, so retries, results and the invocation list are those of
 * {@code /async-function/}.
 *
 * <p>Why here and not in the controller: the invocation store (its Hazelcast map, and its disk
 * copy on every gateway node) belongs to the gateway module, and a controller-only node has none.
 * A bus request carries only the function, the tick and the expression, never a body.
 *
 * <ul>
 *   <li>{@code fire} {@code {function, tick, expression}}: stores a queued invocation {@code POST /}
 *   with an empty body and {@code X-Plat-Schedule: <tick as ISO-8601>}, its id derived from the
 *   idempotency key {@code schedule:<function>:<tick>}: a tick fired twice (two leaders across a
 *   failover, or a retried request) is one invocation. Then it moves the function's mark (see below)
 *   to this tick unless it is already later. Answers {@code {id, tick}}.</li>
 *   <li>{@code mark} {@code {function}}: the function's last fired tick {@code {tick, expression, id}},
 *   or {@code {}} when none was ever fired.</li>
 * </ul>
 *
 * <p>The mark is a record of the invocation map under the key {@code schedule:<function>} with
 * state {@link #MARK_STATE} (never queued, never expiring), so it is replicated and on disk like
 * the invocations, and a new leader resumes from it.
 */
public final class ScheduleDesk {
  public static final String FIRE = "fire";
  public static final String MARK = "mark";
  /** The state of a mark record: matches none of the invocation queries. */
  public static final String MARK_STATE = "schedule";
  private static final int CAS_TRIES = 5;

  private final InvocationStore store;
  private final LongSupplier clock;

  public ScheduleDesk(InvocationStore store, LongSupplier clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Answers one bus request (action in the {@code action} header). */
  public void handle(Message<JsonObject> msg) {
    String action = msg.headers().get("action");
    JsonObject body = msg.body() == null ? new JsonObject() : msg.body();
    Future<JsonObject> answer;
    try {
      answer = switch (action == null ? "" : action) {
        case FIRE -> fire(body.getString("function"), body.getLong("tick"), body.getString("expression"));
        case MARK -> mark(body.getString("function"));
        default -> Future.failedFuture(PlatError.badRequest("bad_action", "unknown schedule action " + action));
      };
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    answer.onComplete(ar -> {
      if (ar.succeeded()) {
        msg.reply(ar.result());
      } else {
        PlatError error = PlatError.from(ar.cause());
        msg.fail(error.status(), error.toJson().encode());
      }
    });
  }

  /** Stores the invocation of {@code function}'s tick (once per tick, whoever asks), then moves the mark. */
  public Future<JsonObject> fire(String function, long tick, String expression) {
    String id = SubmitInvocationHandler.idFor(function, "schedule:" + function + ":" + tick);
    JsonObject request = new JsonObject().put("method", "POST").put("path", "/").put("query", (String) null)
      .put("headers", new JsonArray().add(new JsonArray().add(Names.Header.SCHEDULE).add(Instant.ofEpochMilli(tick).toString())))
      .put("body", "");
    AsyncInvocation invocation = AsyncInvocation.queued(id, function, request, null, clock.getAsLong());
    return store.create(invocation)
      .compose(stored -> advance(function, tick, expression, stored.id(), CAS_TRIES))
      .map(v -> new JsonObject().put("id", id).put("tick", tick));
  }

  /** The last fired tick of {@code function}, or {} when none was. */
  public Future<JsonObject> mark(String function) {
    return store.get(markId(function)).map(m -> m == null ? new JsonObject() : view(m.toJson()));
  }

  static String markId(String function) {
    return "schedule:" + function;
  }

  private static JsonObject view(JsonObject mark) {
    return new JsonObject().put("tick", mark.getLong("tick")).put("expression", mark.getString("expression"))
      .put("id", mark.getString("invocation"));
  }

  private Future<Void> advance(String function, long tick, String expression, String invocation, int tries) {
    return store.get(markId(function)).compose(current -> {
      if (current != null && current.toJson().getLong("tick", Long.MIN_VALUE) >= tick) {
        return Future.succeededFuture();
      }
      long now = clock.getAsLong();
      JsonObject next = new JsonObject().put("id", markId(function)).put("state", MARK_STATE)
        .put("schedule", function).put("tick", tick).put("expression", expression).put("invocation", invocation)
        .put("createdAt", current == null ? now : current.createdAt()).put("updatedAt", now)
        .put("rev", current == null ? 1L : current.rev() + 1);
      Future<Boolean> written = current == null
        ? store.create(new AsyncInvocation(next)).map(stored -> Long.valueOf(tick).equals(stored.toJson().getLong("tick")))
        : store.replace(current, new AsyncInvocation(next));
      return written.compose(ok -> ok || tries <= 1 ? Future.<Void>succeededFuture()
        : advance(function, tick, expression, invocation, tries - 1));
    });
  }
}
