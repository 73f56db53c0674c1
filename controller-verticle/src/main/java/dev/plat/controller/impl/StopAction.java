package dev.plat.controller.impl;

import dev.plat.controller.FunctionRecord;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** {@code stop}: marks the function stopped (durably) and answers its status once every instance is removed. */
final class StopAction implements Action {
  private final Functions functions;
  private final Converger converger;
  private final StatusView view;

  StopAction(Functions functions, Converger converger, StatusView view) {
    this.functions = functions;
    this.converger = converger;
    this.view = view;
  }

  @Override
  public Future<JsonObject> handle(JsonObject body) {
    FunctionState fs = functions.get(body.getString("name"));
    return functions.save(fs.record().withDesired(FunctionRecord.Desired.STOPPED))
      .compose(saved -> converger.drain(saved).map(v -> view.status(saved)));
  }
}
