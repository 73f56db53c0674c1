package dev.plat.gateway.api;

import dev.plat.cluster.api.PlatError;
import dev.plat.cluster.api.RegistryLogin;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The credentials of private registries, per host ({@code plat registry login|ls|logout}):
 * <ul>
 *   <li>{@code PUT /api/registries/{host}} {@code {"username","password"}} -> 200 {@code {"host","createdAt","updatedAt"}};
 *   both are sealed here ({@link SecretSealer}) and never answered, logged nor quoted in an error</li>
 *   <li>{@code GET /api/registries} -> 200 {@code {"registries":[{"host","createdAt","updatedAt"}]}}</li>
 *   <li>{@code DELETE /api/registries/{host}} -> 200 {@code {"host","deleted":true}}, 404 {@code registry_not_found}</li>
 * </ul>
 * The PUT needs a body handler before it.
 */
public class RegistryLoginHandler implements Handler<RoutingContext> {
  /** What a handler does. */
  public enum Kind { PUT, LIST, DELETE }

  private final ControllerClient controller;
  private final SecretSealer sealer;
  private final Kind kind;

  public RegistryLoginHandler(ControllerClient controller, SecretSealer sealer, Kind kind) {
    this.controller = controller;
    this.sealer = sealer;
    this.kind = kind;
  }

  @Override
  public void handle(RoutingContext ctx) {
    switch (kind) {
      case LIST -> Responses.reply(ctx, 200, controller.listRegistries());
      case DELETE -> Responses.reply(ctx, 200, controller.deleteRegistry(RegistryLogin.requireValidHost(ctx.pathParam("host"))));
      case PUT -> put(ctx);
    }
  }

  private void put(RoutingContext ctx) {
    String host = RegistryLogin.requireValidHost(ctx.pathParam("host"));
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      body = null;
    }
    if (body == null) {
      throw PlatError.badRequest("bad_json", "the body must be a JSON object {\"username\", \"password\"}");
    }
    if (!(body.getValue("username") instanceof String user) || user.isEmpty() || user.length() > 1024) {
      throw PlatError.badRequest("bad_username", "username must be a non-empty string");
    }
    if (!(body.getValue("password") instanceof String password) || password.isEmpty() || password.length() > 16384) {
      throw PlatError.badRequest("bad_password", "password must be a non-empty string (up to 16 KiB)");
    }
    Responses.reply(ctx, 200, sealer.sealLogin(host, user, password).compose(sealed -> controller.putRegistry(host, sealed)));
  }
}
