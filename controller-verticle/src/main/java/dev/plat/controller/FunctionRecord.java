package dev.plat.controller;

import dev.plat.cluster.api.FunctionSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One entry of the controller's registry: the function's definition, whether it should run, and
 * its recent versions. JSON form (one element of the registry file):
 * {@code {"spec": FunctionSpec JSON, "desired": "running"|"stopped", "versions": [FunctionVersion JSON...]}}.
 *
 * <p>The versions live inside the record on purpose: the record is what the registry persists (file,
 * atomic write) and replicates (one Hazelcast entry, fenced writes), so a version is exactly as
 * durable as the registration that made it, a function's deletion removes its history with it, and
 * no second structure can disagree with the first. The list is bounded ({@code versionsKept}), which
 * bounds the record's size.
 *
 * @param spec     what to run
 * @param desired  whether instances should run
 * @param versions the kept versions, oldest first (empty for a function registered before versions were kept)
 */
public record FunctionRecord(FunctionSpec spec, Desired desired, List<FunctionVersion> versions) {

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
    versions = List.copyOf(versions);
  }

  /** A record with no versions kept. */
  public FunctionRecord(FunctionSpec spec, Desired desired) {
    this(spec, desired, List.of());
  }

  public FunctionRecord(JsonObject json) {
    this(new FunctionSpec(json.getJsonObject("spec")), Desired.of(json.getString("desired")),
      versions(json.getJsonArray("versions")));
  }

  private static List<FunctionVersion> versions(JsonArray array) {
    List<FunctionVersion> list = new ArrayList<>();
    if (array != null) {
      for (int i = 0; i < array.size(); i++) {
        list.add(new FunctionVersion(array.getJsonObject(i)));
      }
    }
    return list;
  }

  public String name() {
    return spec.name();
  }

  public FunctionRecord withSpec(FunctionSpec newSpec) {
    return new FunctionRecord(newSpec, desired, versions);
  }

  public FunctionRecord withDesired(Desired newDesired) {
    return new FunctionRecord(spec, newDesired, versions);
  }

  /** The kept version {@code version}, or {@code null}. */
  public FunctionVersion version(long version) {
    return versions.stream().filter(v -> v.version() == version).findFirst().orElse(null);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("spec", spec.toJson()).put("desired", desired.id());
    if (!versions.isEmpty()) {
      json.put("versions", new JsonArray(versions.stream().map(FunctionVersion::toJson).toList()));
    }
    return json;
  }
}
