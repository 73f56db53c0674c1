package dev.plat.controller.impl;

import dev.plat.controller.Scheduler;
import dev.plat.cluster.api.FunctionSpec;
import dev.plat.cluster.api.PlatError;
import dev.plat.controller.FunctionVersion;
import dev.plat.controller.ImageCleaner;
import io.vertx.core.json.JsonObject;
import java.util.logging.Logger;

/**
 * The end of a deploy: a successful build is registered (durably) and rolled out; a failed one
 * is published and registers nothing, so an existing function keeps serving its old version. The
 * image of a build that is not registered (a conflict found at the end, an older version, a build
 * the controller gave up on) is removed from dockerd and the registry.
 */
final class BuildDoneHandler {
  private static final Logger LOG = Logger.getLogger(BuildDoneHandler.class.getName());

  private final Scheduler scheduler;
  private final StatusPublisher status;
  private final String baseDomain;
  private final Functions functions;
  private final VersionRegistrar versions;
  private final ImageCleaner images;
  /** Longest a deploy waits for its code export before it starts a container the usual way. */
  static final long POOL_WAIT_MS = 2_000;

  /**
   * @param baseDomain public URLs' domain, checked for conflicts at registration
   * @param versions   registers the new version and rolls the instances to it (the pool, when there
   *                   is one, gets its code first, up to {@link #POOL_WAIT_MS})
   * @param images     removes the image of a build that is not registered (conflict, older than the
   *                   registered version, too late)
   */
  BuildDoneHandler(Scheduler scheduler, StatusPublisher status, String baseDomain, Functions functions,
                   VersionRegistrar versions, ImageCleaner images) {
    this.images = images;
    this.versions = versions;
    this.scheduler = scheduler;
    this.status = status;
    this.baseDomain = baseDomain;
    this.functions = functions;
  }

  public void done(BuildWatcher.Pending pending, JsonObject event) {
    FunctionSpec candidate = pending.candidate();
    String image = event.getString("image");
    if (image == null || image.isBlank()) {
      failed(pending, "the build ended without an image");
      return;
    }
    FunctionState existing = functions.find(candidate.name());
    if (existing != null && existing.record().spec().version() >= candidate.version()) {
      LOG.info(() -> "ignoring build of " + candidate.name() + " v" + candidate.version() + ": v"
        + existing.record().spec().version() + " is already registered");
      images.removeImage(candidate.name(), image);
      return;
    }
    try {
      SpecValidator.checkConflicts(candidate, functions.all().stream().map(fs -> fs.record().spec()).toList(),
        baseDomain);
    } catch (PlatError e) {
      failed(pending, e.getMessage());
      images.removeImage(candidate.name(), image);
      return;
    }
    long now = scheduler.now();
    long createdAt = existing == null ? now : existing.record().spec().createdAt();
    FunctionSpec spec = new FunctionSpec(candidate.name(), candidate.runtime(), candidate.version(), image,
      event.getString("digest"), candidate.env(), candidate.limits(), candidate.scaling(), candidate.project(),
      candidate.service(), candidate.isPublic(), candidate.network(), candidate.domains(), createdAt, now,
      candidate.healthPath(), candidate.startTimeoutSeconds(), candidate.labels(), candidate.description())
      .withSecrets(candidate.secrets(), candidate.secretEnv(), candidate.secretsRevision())
      .withSchedule(candidate.schedule(), candidate.scheduleTimezone());
    versions.register(existing, spec, FunctionVersion.DEPLOY)
      .onFailure(err -> {
        failed(pending, "could not register the function: " + err.getMessage());
        images.removeImage(candidate.name(), image);
      });
  }

  /** A build that finished after the controller gave up on it (timeout, deleted function): its image is removed. */
  public void late(JsonObject event) {
    String function = event.getString("function");
    String image = event.getString("image");
    if (function != null && image != null && !image.isBlank()) {
      LOG.info(() -> "removing the image of a build that finished too late: " + image);
      images.removeImage(function, image);
    }
  }

  public void failed(BuildWatcher.Pending pending, String error) {
    FunctionSpec candidate = pending.candidate();
    status.function(candidate.name(), FunctionState.State.BUILD_FAILED, candidate.version(),
      new JsonObject().put("buildId", pending.buildId()).put("error", error));
  }
}
