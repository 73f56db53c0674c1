package dev.plat.controller.impl;

import dev.plat.cluster.api.PlatError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * {@code secretDelete}: removes a secret no function lists -> {@code {"name","deleted":true}};
 * 409 {@code secret_in_use} naming the functions that list it, 404 when there is none.
 */
final class DeleteSecretAction implements Action {
  private final Secrets secrets;
  private final Functions functions;

  DeleteSecretAction(Secrets secrets, Functions functions) {
    this.secrets = secrets;
    this.functions = functions;
  }

  @Override
  public Future<JsonObject> handle(JsonObject body) {
    String name = body.getString("name");
    if (secrets.get(name).isEmpty()) {
      throw PlatError.notFound("secret_not_found", "no secret named '" + name + "'");
    }
    List<String> users = ListSecretsAction.users(functions, name);
    if (!users.isEmpty()) {
      throw PlatError.conflict("secret_in_use", "secret '" + name + "' is used by " + String.join(", ", users)
        + "; remove it from their \"secrets\" and \"secretEnv\" first");
    }
    return secrets.remove(name).map(v -> new JsonObject().put("name", name).put("deleted", true));
  }
}
