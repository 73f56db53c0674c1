package dev.plat.controller;

import dev.plat.cluster.api.FunctionSpec;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Objects;

/**
 * One entry of the controller's registry: the function's definition and whether it should run.
 * JSON form (one element of the registry file): {@code {"spec": FunctionSpec JSON, "desired": "running"|"stopped"}}.
 *
 * @param spec    what to run
 * @param desired whether instances should run
 */
public record FunctionRecord(FunctionSpec spec, Desired desired) {

  /** The state the user asked for. */
  public enum Desired {
    RUNNING, STOPPED;

    /** The lower-case JSON form. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@link #id()}; {@code null} reads as running. */
    public static Desired of(String id) {
      return id == null ? RUNNING : valueOf(id.toUpperCase(Locale.ROOT));
    }
  }

  public FunctionRecord {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(desired, "desired");
  }

  public FunctionRecord(JsonObject json) {
    this(new FunctionSpec(json.getJsonObject("spec")), Desired.of(json.getString("desired")));
  }

  public String name() {
    return spec.name();
  }

  public FunctionRecord withSpec(FunctionSpec newSpec) {
    return new FunctionRecord(newSpec, desired);
  }

  public FunctionRecord withDesired(Desired newDesired) {
    return new FunctionRecord(spec, newDesired);
  }

  public JsonObject toJson() {
    return new JsonObject().put("spec", spec.toJson()).put("desired", desired.id());
  }
}
