package dev.plat.controller.impl;

import dev.plat.controller.ControllerOptions;
import dev.plat.cluster.api.FunctionSpec;
import dev.plat.cluster.api.PlatError;
import dev.plat.controller.BuilderClient;
import dev.plat.controller.DeployJournal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * {@code deploy}: validates the user's spec, reserves the next version, asks the builder, and
 * answers {@code {"name","version","buildId"}} once the build is accepted. The builder's refusal
 * is passed on unchanged. Registration happens when the build's final event arrives.
 */
final class DeployAction implements Action {
  private final StatusPublisher status;
  private final String baseDomain;
  private final Functions functions;
  private final BuildWatcher builds;
  private final BuilderClient builder;
  private final SpecValidator.Bounds bounds;
  private final DeployJournal journal;
  private final Secrets secrets;

  /** @param journal where an accepted deploy is recorded before it is acknowledged (a next leader finishes it) */
  DeployAction(ControllerOptions options, StatusPublisher status, Functions functions, BuildWatcher builds,
               BuilderClient builder, DeployJournal journal, Secrets secrets) {
    this.journal = journal;
    this.secrets = secrets;
    this.status = status;
    this.baseDomain = options.getBaseDomain();
    this.functions = functions;
    this.builds = builds;
    this.builder = builder;
    this.bounds = SpecValidator.Bounds.of(options);
  }

  @Override
  public Future<JsonObject> handle(JsonObject body) {
    FunctionSpec user = SpecValidator.userSpec(body.getJsonObject("spec"), bounds);
    String upload = body.getString("upload");
    if (upload == null || upload.isBlank()) {
      throw PlatError.badRequest("bad_upload", "deploy needs the path of the uploaded zip");
    }
    SpecValidator.checkConflicts(user, functions.all().stream().map(fs -> fs.record().spec()).toList(),
      baseDomain);
    secrets.requireUsable(user);
    FunctionState existing = functions.find(user.name());
    long version = builds.nextVersion(user.name(), existing == null ? 0 : existing.record().spec().version());
    FunctionSpec candidate = new FunctionSpec(user.name(), user.runtime(), version, null, null, user.env(),
      user.limits(), user.scaling(), user.project(), user.service(), user.isPublic(), user.network(),
      user.domains(), 0, 0, user.healthPath(), user.startTimeoutSeconds(), user.labels(), user.description())
      .withSecrets(user.secrets(), user.secretEnv(), existing == null ? 0 : existing.record().spec().secretsRevision())
      .withSchedule(user.schedule(), user.scheduleTimezone());
    BuildWatcher.Pending pending = builds.reserve(candidate);
    JsonObject request = new JsonObject().put("function", user.name()).put("version", version)
      .put("runtime", user.runtime()).put("upload", upload).put("sha256", body.getString("sha256"));
    if (body.getValue("source") instanceof JsonObject source) {
      request.put("source", source); // where a builder on another node fetches the zip
    }
    return builder.build(request)
      .onFailure(err -> builds.release(pending))
      .recover(err -> Future.failedFuture(PlatError.from(err)))
      .compose(buildId -> {
        builds.accepted(pending, buildId);
        status.function(user.name(), FunctionState.State.BUILDING, version, new JsonObject().put("buildId", buildId)
          .put("runtime", user.runtime()));
        return journal.put(buildId, candidate)
          .recover(err -> Future.failedFuture(PlatError.unavailable("not_recorded",
            "the build " + buildId + " runs, but the deploy could not be recorded in the cluster: " + err.getMessage())))
          .map(v -> new JsonObject().put("name", user.name()).put("version", version).put("buildId", buildId));
      });
  }
}
