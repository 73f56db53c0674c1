package dev.plat.gateway.api;

import dev.plat.cluster.api.SecretData;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code DELETE /api/secrets/{name}} -> 200 {@code {"name","deleted":true}}; 409 {@code
 * secret_in_use} while a function lists it, 404 {@code secret_not_found}.
 */
public class DeleteSecretHandler implements Handler<RoutingContext> {
  private final ControllerClient controller;

  public DeleteSecretHandler(ControllerClient controller) {
    this.controller = controller;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Responses.reply(ctx, 200, controller.deleteSecret(SecretData.requireValidName(ctx.pathParam("name"))));
  }
}
