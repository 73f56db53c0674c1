package dev.plat.gateway.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/functions/{name}} -> 200 the function's status; 404 {@code function_not_found}. */
public class GetFunctionHandler implements Handler<RoutingContext> {
  private final ControllerClient controller;

  public GetFunctionHandler(ControllerClient controller) {
    this.controller = controller;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Responses.reply(ctx, 200, controller.get(Responses.functionName(ctx)));
  }
}
