package dev.plat.controller.impl;

import dev.plat.cluster.api.RegistryLogin;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** {@code secretList}: {@code {"secrets": [{"name","keys","createdAt","updatedAt","functions"}...]}}, never a value. */
final class ListSecretsAction implements Action {
  private final Secrets secrets;
  private final Functions functions;

  ListSecretsAction(Secrets secrets, Functions functions) {
    this.secrets = secrets;
    this.functions = functions;
  }

  @Override
  public Future<JsonObject> handle(JsonObject body) {
    JsonArray list = new JsonArray();
    secrets.all().stream().filter(r -> !RegistryLogin.isEntry(r.name()))
      .forEach(r -> list.add(r.summary(users(functions, r.name()))));
    return Future.succeededFuture(new JsonObject().put("secrets", list));
  }

  /** The names of the functions that list secret {@code name}, sorted. */
  static List<String> users(Functions functions, String name) {
    return functions.all().stream().filter(fs -> fs.record() != null && fs.record().spec().secretsUsed().contains(name))
      .map(FunctionState::name).sorted().toList();
  }
}
