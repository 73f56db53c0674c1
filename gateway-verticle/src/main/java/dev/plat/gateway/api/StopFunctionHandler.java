package dev.plat.gateway.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code POST /api/functions/{name}/stop} -> 200 the status once every instance is removed. */
public class StopFunctionHandler implements Handler<RoutingContext> {
  private final ControllerClient controller;

  public StopFunctionHandler(ControllerClient controller) {
    this.controller = controller;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Responses.reply(ctx, 200, controller.stop(Responses.functionName(ctx)));
  }
}
