package dev.plat.gateway.api;

import dev.plat.cluster.api.PlatError;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code PUT /api/functions/{name}/traffic} with {@code {"traffic": {"3": 90, "4": 10}}} (version to
 * whole percentage, summing to 100, every version a kept one) or {@code {"latest": true}} (every
 * invocation to the current version) -> 200 the function's status with its {@code traffic}; 400
 * {@code bad_json} or {@code bad_traffic} naming the field, 404 {@code function_not_found}, 409
 * {@code image_gone}. The controller checks the versions; the shape is checked here. Needs a body
 * handler before it.
 */
public class SetTrafficHandler implements Handler<RoutingContext> {
  private final ControllerClient controller;

  public SetTrafficHandler(ControllerClient controller) {
    this.controller = controller;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String name = Responses.functionName(ctx);
    JsonObject body;
    try {
      body = ctx.body().length() == 0 ? null : ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      body = null;
    }
    if (body == null) {
      throw PlatError.badRequest("bad_json", "the body must be a JSON object, e.g. {\"traffic\": {\"3\": 90, \"4\": 10}}");
    }
    Object latest = body.getValue("latest");
    if (latest != null && !(latest instanceof Boolean)) {
      throw PlatError.badRequest("bad_traffic", "'latest' must be true or false, not " + latest);
    }
    JsonObject request;
    if (Boolean.TRUE.equals(latest)) {
      if (body.getValue("traffic") != null) {
        throw PlatError.badRequest("bad_traffic", "give either 'traffic' or 'latest', not both");
      }
      request = new JsonObject().put("latest", true);
    } else if (body.getValue("traffic") instanceof JsonObject traffic && !traffic.isEmpty()) {
      request = new JsonObject().put("traffic", traffic);
    } else {
      throw PlatError.badRequest("bad_traffic", "'traffic' must be an object of version to percentage, "
        + "e.g. {\"3\": 90, \"4\": 10}, or give {\"latest\": true}");
    }
    Responses.reply(ctx, 200, controller.traffic(name, request));
  }
}
