package dev.plat.gateway.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/functions} -> 200 {@code {"functions":[status...]}}. */
public class ListFunctionsHandler implements Handler<RoutingContext> {
  private final ControllerClient controller;

  public ListFunctionsHandler(ControllerClient controller) {
    this.controller = controller;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Responses.reply(ctx, 200, controller.list());
  }
}
