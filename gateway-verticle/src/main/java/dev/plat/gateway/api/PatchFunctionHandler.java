package dev.plat.gateway.api;

import dev.plat.cluster.api.PlatError;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code PATCH /api/functions/{name}} with a JSON object of changes (env, limits, scaling, public,
 * project, service, domains) -> 200 the function's new status. Needs a body handler before it.
 */
public class PatchFunctionHandler implements Handler<RoutingContext> {
  private final ControllerClient controller;

  public PatchFunctionHandler(ControllerClient controller) {
    this.controller = controller;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String name = Responses.functionName(ctx);
    JsonObject changes;
    try {
      changes = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      throw PlatError.badRequest("bad_json", "the body must be a JSON object of changes");
    }
    if (changes == null) {
      throw PlatError.badRequest("bad_json", "the body must be a JSON object of changes");
    }
    Responses.reply(ctx, 200, controller.patch(name, changes));
  }
}
