package dev.plat.controller.impl;

import dev.plat.cluster.api.FunctionSpec;
import dev.plat.cluster.api.ImageReference;
import dev.plat.cluster.api.PlatError;
import dev.plat.controller.ContainerEngine;
import dev.plat.controller.ControllerOptions;
import dev.plat.controller.FunctionVersion;
import dev.plat.controller.Scheduler;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * {@code deploy} of a spec with an {@code image} ("your own image"): no build. The image is pulled
 * on this node with the credentials stored for its registry, its digest pinned, and a version
 * registered that runs {@code name@digest} (runtime {@link ImageReference#RUNTIME}), so a moved
 * tag never changes what runs; the same limits, hardening and scaling apply as to a built image.
 * Answers {@code {"name","version","image","digest"}} once the version is registered; the instances
 * then converge as after a build. 422 {@code image_pull_failed} when the image cannot be pulled.
 */
final class ImageDeployAction implements Action {
  private final ControllerOptions options;
  private final Functions functions;
  private final BuildWatcher builds;
  private final VersionRegistrar versions;
  private final Secrets secrets;
  private final ContainerEngine engine;
  private final SpecValidator.Bounds bounds;
  private final Scheduler scheduler;

  ImageDeployAction(ControllerOptions options, Functions functions, BuildWatcher builds, VersionRegistrar versions,
                    Secrets secrets, ContainerEngine engine, Scheduler scheduler) {
    this.scheduler = scheduler;
    this.options = options;
    this.functions = functions;
    this.builds = builds;
    this.versions = versions;
    this.secrets = secrets;
    this.engine = engine;
    this.bounds = SpecValidator.Bounds.of(options);
  }

  /** True when a deploy request names an image (this action's), rather than an uploaded zip. */
  static boolean wants(JsonObject body) {
    JsonObject spec = body.getJsonObject("spec");
    return spec != null && spec.getValue("image") != null && body.getValue("upload") == null;
  }

  @Override
  public Future<JsonObject> handle(JsonObject body) {
    JsonObject given = body.getJsonObject("spec").copy();
    ImageReference ref = ImageReference.require(given.remove("image"), "image");
    given.put("runtime", ImageReference.RUNTIME);
    FunctionSpec user = SpecValidator.userSpec(given, bounds);
    SpecValidator.checkConflicts(user, functions.all().stream().map(fs -> fs.record().spec()).toList(),
      options.getBaseDomain());
    secrets.requireUsable(user);
    FunctionState before = functions.find(user.name());
    long version = builds.nextVersion(user.name(), before == null ? 0 : before.record().spec().version());
    // the version is held like a build's, so a deploy meanwhile takes the next one
    BuildWatcher.Pending held = builds.reserve(new FunctionSpec(user.name(), user.runtime(), version, null, null,
      user.env(), user.limits(), user.scaling(), user.project(), user.service(), user.isPublic(), user.network(),
      user.domains(), 0, 0, user.healthPath(), user.startTimeoutSeconds(), user.labels(), user.description()));
    String pullable = ref.digest() != null ? ref.name() + "@" + ref.digest() : ref.tagged();
    Context here = Vertx.currentContext();
    Future<String> digest = engine.resolveImage(pullable);
    return (here == null ? digest : OnContext.on(here, digest))
      .recover(err -> Future.failedFuture(new PlatError(422, "image_pull_failed", "image " + ref
        + " could not be pulled from " + ref.registry() + ": " + err.getMessage()
        + " (a private registry needs: plat registry login " + ref.registry() + ")")))
      .compose(pinned -> register(user, version, ref, pinned))
      .onComplete(done -> builds.release(held));
  }

  private Future<JsonObject> register(FunctionSpec user, long version, ImageReference ref, String digest) {
    FunctionState existing = functions.find(user.name());
    if (existing != null && existing.record().spec().version() >= version) {
      return Future.failedFuture(PlatError.conflict("deploy_superseded", user.name() + " v"
        + existing.record().spec().version() + " was registered while the image was pulled"));
    }
    SpecValidator.checkConflicts(user, functions.all().stream().map(fs -> fs.record().spec()).toList(),
      options.getBaseDomain());
    long now = scheduler.now();
    long createdAt = existing == null ? now : existing.record().spec().createdAt();
    FunctionSpec spec = new FunctionSpec(user.name(), user.runtime(), version, ref.tagged(), digest, user.env(),
      user.limits(), user.scaling(), user.project(), user.service(), user.isPublic(), user.network(), user.domains(),
      createdAt, now, user.healthPath(), user.startTimeoutSeconds(), user.labels(), user.description())
      .withSecrets(user.secrets(), user.secretEnv(), existing == null ? 0 : existing.record().spec().secretsRevision())
      .withSchedule(user.schedule(), user.scheduleTimezone());
    return versions.register(existing, spec, FunctionVersion.DEPLOY)
      .map(fs -> new JsonObject().put("name", user.name()).put("version", version).put("image", ref.tagged())
        .put("digest", digest));
  }
}
