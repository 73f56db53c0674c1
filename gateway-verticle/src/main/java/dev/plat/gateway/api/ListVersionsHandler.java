package dev.plat.gateway.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/functions/{name}/versions} -> 200 {@code {"name","current","versions":[...]}}, the
 * kept versions newest first; 404 {@code function_not_found}.
 */
public class ListVersionsHandler implements Handler<RoutingContext> {
  private final ControllerClient controller;

  public ListVersionsHandler(ControllerClient controller) {
    this.controller = controller;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Responses.reply(ctx, 200, controller.versions(Responses.functionName(ctx)));
  }
}
