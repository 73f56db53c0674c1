package dev.plat.controller.impl;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** One controller action: a JSON request to a JSON reply; a failure is a {@code PlatError}. */
@FunctionalInterface
interface Action {
  Future<JsonObject> handle(JsonObject body);
}
