package dev.plat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A function's {@code plat.json}: {@code name} and {@code runtime}, plus the optional spec keys
 * (env, limits, scaling, project, service, public, network, domains, healthPath,
 * startTimeoutSeconds, labels, description, secrets, secretEnv, schedule, scheduleTimezone, image) that the server
 * validates.
 */
final class Manifest {
  static final String FILE = "plat.json";
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private final ObjectNode json;

  Manifest(ObjectNode json) {
    this.json = json;
  }

  static Manifest of(String name, String runtime) {
    return new Manifest(JsonTrees.object().put("name", name).put("runtime", runtime));
  }

  /** The folder's plat.json, or an empty manifest when it has none. */
  static Manifest read(Path dir) {
    Path file = dir.resolve(FILE);
    if (!Files.exists(file)) {
      return new Manifest(JsonTrees.object());
    }
    try {
      return new Manifest(JsonTrees.parseObject(Files.readAllBytes(file), file.toString()));
    } catch (IOException e) {
      throw CliException.failed("cannot read " + file + ": " + e.getMessage());
    }
  }

  /** True for a DNS label: 1-63 of {@code [a-z0-9-]}, not starting or ending with '-'. */
  static boolean isValidName(String name) {
    return name != null && DNS_LABEL.matcher(name).matches();
  }

  static String requireValidName(String name) {
    if (!isValidName(name)) {
      throw CliException.failed("bad function name '" + name + "': use 1-63 characters of a-z, 0-9 and '-', "
        + "starting and ending with a letter or digit");
    }
    return name;
  }

  String name() {
    return json.path("name").asText(null);
  }

  /** The user's own image ({@code "image"}), {@code null} when the folder is built. */
  String image() {
    return json.path("image").asText(null);
  }

  String runtime() {
    return json.path("runtime").asText(null);
  }

  Manifest set(String key, String value) {
    if (value != null) {
      json.put(key, value);
    }
    return this;
  }

  Manifest setPublic(Boolean value) {
    if (value != null) {
      json.put("public", value);
    }
    return this;
  }

  Manifest setScaling(Integer min, Integer max) {
    if (min != null || max != null) {
      ObjectNode scaling = object("scaling");
      if (min != null) {
        scaling.put("min", min);
      }
      if (max != null) {
        scaling.put("max", max);
      }
    }
    return this;
  }

  Manifest setEnv(String key, String value) {
    object("env").put(key, value);
    return this;
  }

  /** Checks what the CLI needs before it talks to the server. */
  Manifest validate() {
    if (name() == null || name().isBlank()) {
      throw CliException.failed("no function name: set \"name\" in " + FILE + " or pass --name");
    }
    requireValidName(name());
    if (runtime() == null || runtime().isBlank()) {
      throw CliException.failed("no runtime: set \"runtime\" in " + FILE + " or pass --runtime");
    }
    return this;
  }

  /** The deploy spec: everything but name and runtime. */
  ObjectNode spec() {
    ObjectNode spec = json.deepCopy();
    spec.remove("name");
    spec.remove("runtime");
    return spec;
  }

  ObjectNode toJson() {
    return json.deepCopy();
  }

  private ObjectNode object(String key) {
    JsonNode node = json.get(key);
    if (node == null || node.isNull()) {
      return json.putObject(key);
    }
    if (!(node instanceof ObjectNode object)) {
      throw CliException.failed(FILE + ": \"" + key + "\" must be an object");
    }
    return object;
  }
}
