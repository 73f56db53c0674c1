package dev.plat.gateway.api;

import dev.plat.cluster.api.PlatError;
import dev.plat.cluster.api.SecretData;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * {@code POST /api/secrets} {@code {"name","data":{key:value},"encoding"}} ({@code encoding}
 * {@code utf-8}, the default, or {@code base64}: see {@link SecretData}) -> 201 the secret's summary (409
 * {@code secret_exists} when it exists); {@code PUT /api/secrets/{name}} {@code {"data":{...}}} ->
 * 200 the summary, after the functions that use it were rolled (404 when it does not exist). The
 * values are sealed here ({@link SecretSealer}) and never answered, logged nor quoted in an error.
 * Needs a body handler before it.
 */
public class PutSecretHandler implements Handler<RoutingContext> {
  private final ControllerClient controller;
  private final SecretSealer sealer;
  private final boolean create;

  /** @param create true: the POST that creates; false: the PUT that replaces the values */
  public PutSecretHandler(ControllerClient controller, SecretSealer sealer, boolean create) {
    this.controller = controller;
    this.sealer = sealer;
    this.create = create;
  }

  @Override
  public void handle(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      body = null;
    }
    if (body == null) {
      throw PlatError.badRequest("bad_json", "the body must be a JSON object {\"name\", \"data\": {key: value}}");
    }
    Object given = create ? body.getValue("name") : ctx.pathParam("name");
    String name = SecretData.requireValidName(given instanceof String s ? s : null);
    if (!create && body.containsKey("name") && !name.equals(body.getValue("name"))) {
      throw PlatError.badRequest("bad_secret_name", "name in the body differs from the path's '" + name + "'");
    }
    Map<String, byte[]> values = SecretData.values(body.getValue("data"), body.getValue("encoding"));
    Responses.reply(ctx, create ? 201 : 200, sealer.seal(name, values)
      .compose(sealed -> controller.putSecret(name, sealed, create)));
  }
}
