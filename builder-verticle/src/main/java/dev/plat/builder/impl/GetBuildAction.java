package dev.plat.builder.impl;

import dev.plat.cluster.api.PlatError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * {@code get}: {@code {"buildId", "since": optional seq}} -> the build with its log lines after
 * {@code since} (all kept lines by default); 404 {@code build_not_found} for an unknown id.
 */
public final class GetBuildAction {
  private final BuildRegistry registry;

  public GetBuildAction(BuildRegistry registry) {
    this.registry = registry;
  }

  public Future<JsonObject> handle(JsonObject request) {
    String id = request.getValue("buildId") instanceof String s ? s : "";
    long since = request.getValue("since") instanceof Number n ? n.longValue() : 0;
    return registry.get(id, since)
      .map(Future::succeededFuture)
      .orElseGet(() -> Future.failedFuture(PlatError.notFound("build_not_found", "no build '" + id + "' on this builder")));
  }
}
