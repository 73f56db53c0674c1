package dev.plat.gateway.async;

import dev.plat.cluster.api.PlatError;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The invocations API: {@code GET /api/invocations/{id}} (200 the record: state, attempts, times,
 * request line, last result; 404 {@code invocation_not_found}) and {@code GET
 * /api/invocations?function=NAME&limit=N} (200 {@code {"invocations": [...]}}, newest first, at most
 * {@value #MAX_LIMIT}).
 */
public final class InvocationsHandler {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;

  private final InvocationStore store;

  public InvocationsHandler(InvocationStore store) {
    this.store = store;
  }

  /** {@code GET /api/invocations/:id}. */
  public Handler<RoutingContext> get() {
    return ctx -> store.get(ctx.pathParam("id")).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else if (ar.result() == null || ScheduleDesk.MARK_STATE.equals(ar.result().state())) {
        ctx.fail(PlatError.notFound("invocation_not_found", "no invocation '" + ctx.pathParam("id")
          + "' (unknown, or its result expired)"));
      } else {
        json(ctx, ar.result().toView());
      }
    });
  }

  /** {@code GET /api/invocations}. */
  public Handler<RoutingContext> list() {
    return ctx -> {
      int limit;
      try {
        String text = ctx.request().getParam("limit");
        limit = text == null ? DEFAULT_LIMIT : Integer.parseInt(text);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        ctx.fail(PlatError.badRequest("invalid_limit", "limit must be a whole number from 1 to " + MAX_LIMIT));
        return;
      }
      store.recent(ctx.request().getParam("function"), limit).onComplete(ar -> {
        if (ar.failed()) {
          ctx.fail(ar.cause());
        } else {
          JsonArray list = new JsonArray();
          ar.result().forEach(i -> list.add(i.toJson()));
          json(ctx, new JsonObject().put("invocations", list));
        }
      });
    };
  }

  private static void json(RoutingContext ctx, JsonObject body) {
    if (!ctx.response().closed()) {
      ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
    }
  }
}
