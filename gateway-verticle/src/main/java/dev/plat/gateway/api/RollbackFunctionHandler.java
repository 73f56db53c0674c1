package dev.plat.gateway.api;

import dev.plat.cluster.api.PlatError;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/functions/{name}/rollback} with an optional {@code {"to": N}} -> 200
 * {@code {"name","version","rolledBackFrom"}} once the new version is registered (its instances
 * replace the old ones next, like a deploy's); 404 {@code function_not_found} or
 * {@code version_not_found}, 409 {@code image_gone}. Needs a body handler before it.
 */
public class RollbackFunctionHandler implements Handler<RoutingContext> {
  private final ControllerClient controller;

  public RollbackFunctionHandler(ControllerClient controller) {
    this.controller = controller;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String name = Responses.functionName(ctx);
    Long to = null;
    if (ctx.body().length() > 0) {
      JsonObject body;
      try {
        body = ctx.body().asJsonObject();
      } catch (DecodeException | ClassCastException e) {
        throw PlatError.badRequest("bad_json", "the body must be a JSON object, e.g. {\"to\": 3}");
      }
      Object value = body == null ? null : body.getValue("to");
      if (value != null && !(value instanceof Number n && n.doubleValue() == n.longValue() && n.longValue() >= 1)) {
        throw PlatError.badRequest("bad_version", "'to' must be a version number (1 or more), not " + value);
      }
      to = value == null ? null : ((Number) value).longValue();
    }
    Responses.reply(ctx, 200, controller.rollback(name, to));
  }
}
