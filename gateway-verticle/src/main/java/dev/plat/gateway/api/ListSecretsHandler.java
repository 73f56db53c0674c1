package dev.plat.gateway.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/secrets} -> 200 {@code {"secrets":[{"name","keys","createdAt","updatedAt","functions"}]}}; never a value. */
public class ListSecretsHandler implements Handler<RoutingContext> {
  private final ControllerClient controller;

  public ListSecretsHandler(ControllerClient controller) {
    this.controller = controller;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Responses.reply(ctx, 200, controller.listSecrets());
  }
}
