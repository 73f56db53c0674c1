package dev.plat.controller.impl;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** {@code list}: {@code {"functions": [status...]}}, by name. */
final class ListAction implements Action {
  private final Functions functions;
  private final StatusView view;

  public ListAction(Functions functions, StatusView view) {
    this.functions = functions;
    this.view = view;
  }

  @Override
  public Future<JsonObject> handle(JsonObject body) {
    JsonArray list = new JsonArray();
    functions.all().forEach(fs -> list.add(view.status(fs)));
    return Future.succeededFuture(new JsonObject().put("functions", list));
  }
}
