package dev.plat.gateway.api;

import dev.plat.cluster.api.FunctionSpec;
import dev.plat.cluster.api.ImageReference;
import dev.plat.cluster.api.PlatError;
import dev.plat.cluster.api.Schedule;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The spec part of a deploy: what the user may set of a {@link FunctionSpec} (name, runtime, env,
 * limits, scaling, project, service, public, network, domains, healthPath, startTimeoutSeconds,
 * labels, description, secrets, secretEnv, schedule, scheduleTimezone). Fields the platform owns (version,
 * image, digest, times) are dropped. Everything is checked before any byte of the zip is read.
 */
final class DeploySpecs {
  private static final Pattern RUNTIME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
  private static final List<String> PLATFORM_FIELDS = List.of("version", "image", "digest", "createdAt", "updatedAt",
    "secretsRevision");

  private DeploySpecs() {
  }

  /** A raw-zip deploy: {@code ?name=&runtime=} plus the optional {@code X-Plat-Spec} JSON header. */
  static JsonObject fromQuery(String name, String runtime, String specHeader) {
    JsonObject spec = parse(specHeader == null || specHeader.isBlank() ? "{}" : specHeader, "X-Plat-Spec");
    if (name != null) {
      spec.put("name", name);
    }
    if (runtime != null) {
      spec.put("runtime", runtime);
    }
    return check(spec);
  }

  /** A multipart deploy: the {@code spec} part, JSON with name and runtime. */
  static JsonObject fromJson(String text) {
    if (text == null) {
      throw PlatError.badRequest("missing_spec", "a multipart deploy needs a 'spec' part (JSON with name and runtime)");
    }
    return check(parse(text, "spec"));
  }

  /**
   * A deploy of the user's own image: {@code {"spec": {name, image, ...}}}. The image reference is
   * checked (400 {@code bad_image} naming {@code spec.image}); the runtime is
   * {@link ImageReference#RUNTIME} whatever the spec says (nothing is built).
   */
  static JsonObject fromImageRequest(JsonObject body) {
    if (body == null || !(body.getValue("spec") instanceof JsonObject given)) {
      throw PlatError.badRequest("bad_spec", "the body must be {\"spec\": {\"name\", \"image\", ...}}");
    }
    JsonObject spec = given.copy();
    ImageReference image = ImageReference.require(spec.remove("image"), "spec.image");
    spec.put("runtime", ImageReference.RUNTIME);
    return check(spec).put("image", image.toString());
  }

  private static JsonObject parse(String text, String what) {
    try {
      return new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw PlatError.badRequest("bad_spec", what + " must be a JSON object");
    }
  }

  private static JsonObject check(JsonObject spec) {
    PLATFORM_FIELDS.forEach(spec::remove);
    Object name = spec.getValue("name");
    FunctionSpec.requireValidName(name instanceof String s ? s : null);
    Object runtime = spec.getValue("runtime");
    if (runtime == null || "".equals(runtime)) {
      throw PlatError.badRequest("missing_runtime", "the runtime is required, e.g. ?runtime=python-flask");
    }
    if (!(runtime instanceof String r) || !RUNTIME.matcher(r).matches()) {
      throw PlatError.badRequest("bad_runtime", "runtime must be a runtime folder name such as python-flask; got '" + runtime + "'");
    }
    FunctionSpec read;
    try {
      read = new FunctionSpec(spec);
    } catch (ClassCastException | IllegalArgumentException e) {
      throw PlatError.badRequest("bad_spec", "the spec has a field of the wrong type: " + e.getMessage());
    }
    if (!Schedule.isNone(read.schedule())) {
      Schedule.parse(read.schedule(), read.scheduleTimezone());
    }
    return spec;
  }
}
