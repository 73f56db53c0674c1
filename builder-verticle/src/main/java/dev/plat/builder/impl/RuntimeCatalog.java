package dev.plat.builder.impl;

import dev.plat.cluster.api.PlatError;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The runtimes of a folder: each sub-folder with a {@code runtime.json} and a {@code Dockerfile}.
 * Reads the disk on every call (runtimes may change while a node runs): call it off the event loop.
 */
public final class RuntimeCatalog {
  /** The runtime description file in each runtime folder. */
  public static final String DESCRIPTOR = "runtime.json";
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

  private final Path root;

  public RuntimeCatalog(Path root) {
    this.root = root;
  }

  /**
   * The runtime called {@code name}.
   *
   * @throws PlatError 400 {@code unknown_runtime} naming the known runtimes, or 500 when its
   *                   {@code runtime.json} cannot be read
   */
  public Runtime find(String name) {
    if (name == null || !NAME.matcher(name).matches() || !isRuntime(root.resolve(name))) {
      throw PlatError.badRequest("unknown_runtime", "unknown runtime '" + ZipNames.printable(name)
        + "'; known runtimes: " + String.join(", ", names()));
    }
    Path dir = root.resolve(name);
    try {
      JsonObject json = new JsonObject(Files.readString(dir.resolve(DESCRIPTOR)));
      String handler = json.getString("handler");
      if (handler == null || handler.isBlank()) {
        throw new IllegalArgumentException("no \"handler\"");
      }
      List<String> alternatives = new ArrayList<>();
      json.getJsonArray("alternatives", new JsonArray()).forEach(a -> alternatives.add(String.valueOf(a)));
      String baseImage = json.getString("baseImage");
      return new Runtime(name, dir, handler, alternatives, baseImage == null || baseImage.isBlank() ? null : baseImage);
    } catch (IOException | DecodeException | ClassCastException | IllegalArgumentException e) {
      throw new PlatError(500, "bad_runtime", "runtime '" + name + "' has an unusable " + DESCRIPTOR + ": " + e.getMessage());
    }
  }

  /** Names of the runtimes found, sorted. */
  public List<String> names() {
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(this::isRuntime).map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private boolean isRuntime(Path dir) {
    return Files.isRegularFile(dir.resolve(DESCRIPTOR)) && Files.isRegularFile(dir.resolve("Dockerfile"));
  }
}
