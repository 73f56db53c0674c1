package dev.plat.controller.impl;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** {@code get}: the status of {@code {"name"}}; 404 {@code function_not_found}. */
final class GetAction implements Action {
  private final Functions functions;
  private final StatusView view;

  public GetAction(Functions functions, StatusView view) {
    this.functions = functions;
    this.view = view;
  }

  @Override
  public Future<JsonObject> handle(JsonObject body) {
    return Future.succeededFuture(view.status(functions.get(body.getString("name"))));
  }
}
