package dev.plat.controller.impl;

import dev.plat.cluster.RouteTable;
import dev.plat.cluster.api.FunctionSpec;
import dev.plat.controller.ContainerEngine;
import dev.plat.controller.DeployJournal;
import dev.plat.controller.ImageCleaner;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.logging.Logger;

/**
 * {@code delete}: removes the registry entry first (so a crash half-way leaves only orphans,
 * which the next start removes), forgets pending builds, takes every instance's route out, and
 * answers {@code {"name","deleted":true}} then: the function is gone from the API and its URL. The
 * rest goes on after the answer ({@link Removals}): every instance drained and removed (a drain
 * waits up to the function's timeout for requests in flight), its exported code, and every image
 * of the function from dockerd and its tags from the registry ({@link dev.plat.controller.ImageCleaner};
 * {@code removeImage} is no longer needed for that). A deploy of the same name waits for that.
 */
final class DeleteAction implements Action {
  private static final Logger LOG = Logger.getLogger(DeleteAction.class.getName());

  private final Functions functions;
  private final BuildWatcher builds;
  private final DeployJournal journal;
  private final RouteTable routes;
  private final Converger converger;
  private final PoolManager pool;
  private final ImageCleaner images;
  private final ContainerEngine engine;
  private final StatusPublisher status;
  private final Removals removals;

  /**
   * @param pool     forgets the function's exported code; {@code null}: no pool
   * @param engine   this node's engine, which removes the image when asked ({@code removeImage})
   * @param removals where the removal going on after the answer is tracked
   */
  DeleteAction(Functions functions, BuildWatcher builds, DeployJournal journal, RouteTable routes, Converger converger,
               PoolManager pool, ImageCleaner images, ContainerEngine engine, StatusPublisher status, Removals removals) {
    this.functions = functions;
    this.builds = builds;
    this.journal = journal;
    this.routes = routes;
    this.converger = converger;
    this.pool = pool;
    this.images = images;
    this.engine = engine;
    this.status = status;
    this.removals = removals;
  }

  @Override
  public Future<JsonObject> handle(JsonObject body) {
    FunctionState fs = functions.get(body.getString("name"));
    FunctionSpec spec = fs.record().spec();
    boolean removeImage = body.getBoolean("removeImage", false);
    return functions.delete(fs)
      .compose(v -> {
        builds.cancel(fs.name()).forEach(p -> journal.remove(p.buildId()));
        return Future.join(fs.instances().stream().map(i -> routes.remove(i.function(), i.id())).toList())
          .<Void>mapEmpty().otherwiseEmpty();
      })
      .map(v -> {
        removals.track(fs.name(), remove(fs, spec, removeImage));
        status.function(fs.name(), FunctionState.State.DELETED, spec.version(), new JsonObject());
        return new JsonObject().put("name", fs.name()).put("deleted", true);
      });
  }

  /** Instances, exported code and images of a function whose entry is gone; never fails. */
  private Future<Void> remove(FunctionState fs, FunctionSpec spec, boolean removeImage) {
    return converger.drain(fs)
      .compose(v -> pool == null ? Future.<Void>succeededFuture() : pool.forget(fs.name()))
      .compose(v -> images.removeFunction(fs.name()))
      .compose(v -> !removeImage || spec.image() == null ? Future.<Void>succeededFuture()
        : engine.removeImage(spec.image()))
      .recover(err -> {
        LOG.warning("removing what was left of " + fs.name() + ": " + err.getMessage());
        return Future.succeededFuture();
      });
  }
}
