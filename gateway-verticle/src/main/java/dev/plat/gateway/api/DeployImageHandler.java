package dev.plat.gateway.api;

import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/functions} with {@code Content-Type: application/json} {@code {"spec": {"name",
 * "image": "REGISTRY/REPO:TAG", ...}}}: deploys the user's own image, no zip and no build. The
 * controller pulls it (with the credentials stored for its registry), pins its digest and registers
 * the version: 201 {@code {"name","version","image","digest","links":{"function"}}}; 400 {@code
 * bad_image} naming {@code spec.image} for a malformed reference, 422 {@code image_pull_failed}
 * when it cannot be pulled. Needs a body handler before it.
 */
public class DeployImageHandler implements Handler<RoutingContext> {
  private final ControllerClient controller;

  public DeployImageHandler(ControllerClient controller) {
    this.controller = controller;
  }

  @Override
  public void handle(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      body = null;
    }
    JsonObject spec = DeploySpecs.fromImageRequest(body);
    Responses.reply(ctx, 201, controller.deployImage(spec).map(reply -> reply.put("links",
      new JsonObject().put("function", "/api/functions/" + reply.getString("name")))));
  }
}
