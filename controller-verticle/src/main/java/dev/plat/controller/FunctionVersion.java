package dev.plat.controller;

import dev.plat.cluster.api.FunctionSpec;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * One immutable version of a function: what a successful deploy (or a rollback) registered. Its
 * spec holds the image and digest it runs, the runtime, env, limits, scaling and routing as they
 * were then. JSON form: {@code {"version","image","digest","createdAt","origin","spec": FunctionSpec JSON}}
 * ({@code image} and {@code digest} repeat the spec's, for readers that want only those).
 *
 * @param spec      the function as registered by this version ({@code spec.version()} is the version)
 * @param createdAt when it was registered, epoch ms
 * @param origin    how it came to be: {@link #DEPLOY} or {@code "rollback of vN"}
 */
public record FunctionVersion(FunctionSpec spec, long createdAt, String origin) {
  /** The origin of a version a deploy registered. */
  public static final String DEPLOY = "deploy";

  public FunctionVersion {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(origin, "origin");
  }

  public FunctionVersion(JsonObject json) {
    this(new FunctionSpec(json.getJsonObject("spec")), json.getLong("createdAt", 0L),
      json.getString("origin", DEPLOY));
  }

  /** The origin of a version that rolled back to {@code version}. */
  public static String rollbackOf(long version) {
    return "rollback of v" + version;
  }

  public long version() {
    return spec.version();
  }

  public String image() {
    return spec.image();
  }

  public JsonObject toJson() {
    return new JsonObject().put("version", spec.version()).put("image", spec.image()).put("digest", spec.digest())
      .put("createdAt", createdAt).put("origin", origin).put("spec", spec.toJson());
  }
}
