package dev.plat.controller.impl;

import dev.plat.cluster.api.FunctionSpec;
import dev.plat.cluster.api.ImageReference;
import dev.plat.cluster.api.PlatError;
import dev.plat.controller.FunctionRecord;
import dev.plat.controller.FunctionVersion;
import dev.plat.controller.ImageCleaner;
import dev.plat.controller.Scheduler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * {@code rollback}: registers a new version of a function whose spec, image and digest are those of
 * a kept version ({@code to}, or the newest one before the current version): no rebuild; the
 * rolling update replaces the instances. The new version is allocated like a deploy's, above the
 * registered one and every reserved one. Answers {@code {"name","version","rolledBackFrom"}} once
 * the registration is durable, like a deploy's answer; 404 {@code function_not_found} or
 * {@code version_not_found}, 409 {@code image_gone} when the registry no longer has the image.
 */
final class RollbackAction implements Action {
  private final Functions functions;
  private final BuildWatcher builds;
  private final VersionRegistrar versions;
  private final ImageCleaner images;
  private final Scheduler scheduler;
  private final String baseDomain;

  RollbackAction(Functions functions, BuildWatcher builds, VersionRegistrar versions, ImageCleaner images,
                 Scheduler scheduler, String baseDomain) {
    this.functions = functions;
    this.builds = builds;
    this.versions = versions;
    this.images = images;
    this.scheduler = scheduler;
    this.baseDomain = baseDomain;
  }

  @Override
  public Future<JsonObject> handle(JsonObject body) {
    String name = body.getString("name");
    FunctionVersion target = target(functions.get(name).record(), body.getValue("to"));
    if (target.image() == null) {
      throw PlatError.conflict("image_gone", "v" + target.version() + " of '" + name + "' has no image to run");
    }
    // the user's own image is in the user's registry, not Plat's: pulled by digest when it runs
    Future<Boolean> exists = ImageReference.RUNTIME.equals(target.spec().runtime()) ? Future.succeededFuture(true)
      : images.exists(name, target.image());
    return exists.compose(present -> {
      if (!present) {
        return Future.failedFuture(PlatError.conflict("image_gone", "the image of v" + target.version() + " of '"
          + name + "' (" + target.image() + ") is no longer in the registry"));
      }
      // looked up again: the function may have changed (or gone) while the registry answered
      FunctionState fs = functions.get(name);
      FunctionSpec current = fs.record().spec();
      long version = builds.nextVersion(name, current.version());
      long now = scheduler.now();
      FunctionSpec spec = new FunctionSpec(target.spec().toJson().put("version", version)
        .put("createdAt", current.createdAt()).put("updatedAt", now));
      SpecValidator.checkConflicts(spec, functions.all().stream().map(f -> f.record().spec()).toList(), baseDomain);
      return versions.register(fs, spec, FunctionVersion.rollbackOf(target.version()))
        .map(saved -> new JsonObject().put("name", name).put("version", version)
          .put("rolledBackFrom", target.version()));
    });
  }

  /** The kept version named by {@code to}, or the newest one before the current version. */
  private static FunctionVersion target(FunctionRecord record, Object to) {
    String name = record.name();
    if (to != null) {
      if (!(to instanceof Number n) || n.longValue() < 1 || n.doubleValue() != n.longValue()) {
        throw PlatError.badRequest("bad_version", "'to' must be a version number (1 or more), not " + to);
      }
      FunctionVersion v = record.version(n.longValue());
      if (v == null) {
        throw PlatError.notFound("version_not_found", "'" + name + "' has no kept version v" + n.longValue()
          + "; kept: " + kept(record));
      }
      return v;
    }
    long current = record.spec().version();
    return record.versions().stream().filter(v -> v.version() < current)
      .reduce((a, b) -> b.version() > a.version() ? b : a)
      .orElseThrow(() -> PlatError.notFound("version_not_found", "'" + name + "' has no kept version before v"
        + current + "; kept: " + kept(record)));
  }

  private static String kept(FunctionRecord record) {
    return record.versions().isEmpty() ? "none"
      : String.join(", ", record.versions().stream().map(v -> "v" + v.version()).toList());
  }
}
