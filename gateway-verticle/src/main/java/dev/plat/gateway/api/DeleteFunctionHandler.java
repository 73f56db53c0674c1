package dev.plat.gateway.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code DELETE /api/functions/{name}[?image=true]} -> 200 {@code {"name","deleted":true}}; with
 * {@code image=true} the function's images are removed too.
 */
public class DeleteFunctionHandler implements Handler<RoutingContext> {
  private final ControllerClient controller;

  public DeleteFunctionHandler(ControllerClient controller) {
    this.controller = controller;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String name = Responses.functionName(ctx);
    boolean removeImage = "true".equalsIgnoreCase(ctx.request().getParam("image"));
    Responses.reply(ctx, 200, controller.delete(name, removeImage));
  }
}
