package dev.plat.controller.impl;

import dev.plat.controller.FunctionRecord;
import dev.plat.controller.FunctionVersion;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;

/**
 * {@code versions}: the kept versions of {@code {"name"}}, newest first:
 * {@code {"name","current": version,"versions":[FunctionVersion JSON + "current": bool...]}};
 * 404 {@code function_not_found}.
 */
final class VersionsAction implements Action {
  private final Functions functions;

  VersionsAction(Functions functions) {
    this.functions = functions;
  }

  @Override
  public Future<JsonObject> handle(JsonObject body) {
    FunctionRecord record = functions.get(body.getString("name")).record();
    long current = record.spec().version();
    JsonArray list = new JsonArray();
    java.util.List<FunctionVersion> kept = record.versions().isEmpty() && record.spec().image() != null
      // registered before versions were kept: its running version is the one known
      ? java.util.List.of(new FunctionVersion(record.spec(), record.spec().updatedAt(), FunctionVersion.DEPLOY))
      : record.versions();
    kept.stream().sorted(Comparator.comparingLong(FunctionVersion::version).reversed())
      .forEach(v -> list.add(v.toJson().put("current", v.version() == current)));
    return Future.succeededFuture(new JsonObject().put("name", record.name()).put("current", current)
      .put("versions", list));
  }
}
