package dev.plat.gateway.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code POST /api/functions/{name}/start} -> 200 the status once its instances are ready. */
public class StartFunctionHandler implements Handler<RoutingContext> {
  private final ControllerClient controller;

  public StartFunctionHandler(ControllerClient controller) {
    this.controller = controller;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Responses.reply(ctx, 200, controller.start(Responses.functionName(ctx)));
  }
}
