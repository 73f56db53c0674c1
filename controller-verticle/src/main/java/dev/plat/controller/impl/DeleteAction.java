package dev.plat.controller.impl;

import dev.plat.cluster.api.FunctionSpec;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.logging.Logger;

/**
 * {@code delete}: removes the registry entry first (so a crash half-way leaves only orphans,
 * which the next start removes), forgets pending builds, removes every instance and its route,
 * its exported code, and every image of the function from dockerd and its tags from the registry
 * ({@link dev.plat.controller.ImageCleaner}; {@code removeImage} is no longer needed for that). Answers {@code {"name","deleted":true}}.
 */
public final class DeleteAction implements Action {
  private static final Logger LOG = Logger.getLogger(DeleteAction.class.getName());

  private final ControllerCore core;

  public DeleteAction(ControllerCore core) {
    this.core = core;
  }

  @Override
  public Future<JsonObject> handle(JsonObject body) {
    FunctionState fs = core.functions().get(body.getString("name"));
    FunctionSpec spec = fs.record().spec();
    boolean removeImage = body.getBoolean("removeImage", false);
    return core.functions().delete(fs)
      .compose(v -> {
        core.builds().cancel(fs.name()).forEach(p -> core.journal().remove(p.buildId()));
        return core.drain(fs);
      })
      .compose(v -> core.pool() == null ? Future.<Void>succeededFuture() : core.pool().forget(fs.name()))
      .compose(v -> core.images().removeFunction(fs.name()))
      .compose(v -> !removeImage || spec.image() == null ? Future.<Void>succeededFuture()
        : core.collaborators().engine().removeImage(spec.image()).recover(err -> {
          LOG.warning("could not remove image " + spec.image() + ": " + err.getMessage());
          return Future.succeededFuture();
        }))
      .map(v -> {
        core.collaborators().status().function(fs.name(), StatusPublisher.DELETED, spec.version(), new JsonObject());
        return new JsonObject().put("name", fs.name()).put("deleted", true);
      });
  }
}
