package dev.plat.controller.impl;

import dev.plat.controller.FunctionRecord;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** {@code stop}: marks the function stopped (durably) and answers its status once every instance is removed. */
public final class StopAction implements Action {
  private final ControllerCore core;
  private final StatusView view;

  public StopAction(ControllerCore core, StatusView view) {
    this.core = core;
    this.view = view;
  }

  @Override
  public Future<JsonObject> handle(JsonObject body) {
    FunctionState fs = core.functions().get(body.getString("name"));
    return core.functions().save(fs.record().withDesired(FunctionRecord.Desired.STOPPED))
      .compose(saved -> core.drain(saved).map(v -> view.status(saved)));
  }
}
