package dev.plat.controller.impl;

import dev.plat.cluster.api.FunctionSpec;
import dev.plat.cluster.api.PlatError;
import dev.plat.controller.ControllerOptions;
import dev.plat.controller.Scheduler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * {@code patch}: changes settings of a registered function: {@code env} (replaced whole),
 * {@code limits} and {@code scaling} (merged field by field), {@code public}, {@code project},
 * {@code service}, {@code domains}, {@code healthPath}, {@code startTimeoutSeconds}, {@code labels}
 * (replaced whole), {@code description} ({@code null} clears the last four), {@code secrets} and {@code secretEnv} (replaced whole; each must exist),
 * {@code schedule} and {@code scheduleTimezone} ({@code null} clears them). The change is saved, then instances with the new settings
 * replace the old ones (a rolling update; routing-only changes replace nothing). Answers the
 * status once the function is settled (ready, failing or stopped) or after the start timeout.
 */
final class PatchAction implements Action {
  private static final Set<String> FIELDS = Set.of("env", "limits", "scaling", "public", "project", "service", "domains",
    "healthPath", "startTimeoutSeconds", "labels", "description", "secrets", "secretEnv", "schedule", "scheduleTimezone");

  private final Functions functions;
  private final Settler settler;
  private final Scheduler scheduler;
  private final String baseDomain;
  private final StatusView view;
  private final SpecValidator.Bounds bounds;
  private final Secrets secrets;

  PatchAction(Functions functions, Settler settler, Scheduler scheduler, ControllerOptions options, StatusView view,
              Secrets secrets) {
    this.secrets = secrets;
    this.functions = functions;
    this.settler = settler;
    this.scheduler = scheduler;
    this.baseDomain = options.getBaseDomain();
    this.bounds = SpecValidator.Bounds.of(options);
    this.view = view;
  }

  @Override
  public Future<JsonObject> handle(JsonObject body) {
    FunctionState fs = functions.get(body.getString("name"));
    JsonObject changes = body.getJsonObject("changes");
    if (changes == null || changes.isEmpty()) {
      throw PlatError.badRequest("bad_patch", "patch needs 'changes' with some of " + FIELDS);
    }
    for (String field : changes.fieldNames()) {
      if (!FIELDS.contains(field)) {
        throw PlatError.badRequest("bad_patch", "'" + field + "' cannot be patched; patchable: " + FIELDS);
      }
    }
    FunctionSpec old = fs.record().spec();
    JsonObject merged = old.toJson();
    for (String field : changes.fieldNames()) {
      Object value = changes.getValue(field);
      if (("limits".equals(field) || "scaling".equals(field)) && value instanceof JsonObject part) {
        merged.put(field, merged.getJsonObject(field).copy().mergeIn(part));
      } else {
        merged.put(field, value);
      }
    }
    FunctionSpec user = SpecValidator.userSpec(merged, bounds);
    SpecValidator.checkConflicts(user, functions.all().stream().map(f -> f.record().spec()).toList(),
      baseDomain);
    secrets.requireUsable(user);
    FunctionSpec spec = new FunctionSpec(old.name(), old.runtime(), old.version(), old.image(), old.digest(),
      user.env(), user.limits(), user.scaling(), user.project(), user.service(), user.isPublic(), user.network(),
      user.domains(), old.createdAt(), scheduler.now(), user.healthPath(),
      user.startTimeoutSeconds(), user.labels(), user.description()).withSecrets(user.secrets(), user.secretEnv(), old.secretsRevision())
      .withSchedule(user.schedule(), user.scheduleTimezone());
    long timeout = settler.startDeadlineMs(spec);
    return functions.save(fs.record().withSpec(spec))
      .compose(saved -> {
        if (!InstanceSpecs.fingerprint(old).equals(InstanceSpecs.fingerprint(spec))) {
          saved.clearFailures();
        }
        if (!old.scaling().equals(spec.scaling()) && saved.scale() <= Converger.target(old)) {
          saved.scale(Converger.target(spec));
        }
        long crashesBefore = saved.crashSerial();
        return settler.converge(saved, f -> f.state() != FunctionState.State.STARTING || f.crashSerial() > crashesBefore,
          timeout, new PlatError(504, "patch_timeout", "not settled in time")).otherwise(saved);
      })
      .map(view::status);
  }
}
