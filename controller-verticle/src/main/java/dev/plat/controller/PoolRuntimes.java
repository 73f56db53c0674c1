package dev.plat.controller;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The runtimes that have a pool of pre-started containers, as their {@code runtime.json} say
 * (the one source: nothing in the Java code lists runtimes). Read once at start-up:
 *
 * <ul>
 *   <li>{@code "pool": true} - the runtime's shim has a pool mode ({@code PLAT_POOL=1}); absent or
 *       {@code false}: its instances always start a container from the function's image;</li>
 *   <li>{@code "poolDeps": "/abs/path"} (optional) - where a function image of the runtime keeps
 *       what its dependency step installed; exported with the code to {@code deps/} (python-flask:
 *       {@code /opt/venv/lib}; node: {@code /node_modules}).</li>
 * </ul>
 *
 * Any other value of either field is refused at start with the file and the field named.
 */
public final class PoolRuntimes {
  /** The runtime description file in each runtime folder. */
  public static final String DESCRIPTOR = "runtime.json";
  /** No runtime has a pool. */
  public static final PoolRuntimes NONE = new PoolRuntimes(Map.of());

  private final Map<String, Optional<String>> deps;

  private PoolRuntimes(Map<String, Optional<String>> deps) {
    this.deps = Map.copyOf(deps);
  }

  /** Pooled runtimes given directly: name to dependency path ({@code null}: none). For tests and embedders. */
  public static PoolRuntimes of(Map<String, String> runtimes) {
    Map<String, Optional<String>> deps = new TreeMap<>();
    runtimes.forEach((name, path) -> deps.put(name, Optional.ofNullable(path)));
    return new PoolRuntimes(deps);
  }

  /**
   * Reads every {@code <runtimesDir>/<name>/runtime.json}. Blocking: call it off the event loop.
   * A missing {@code runtimesDir} has no pooled runtime.
   *
   * @throws IllegalArgumentException naming the file and the field, when a {@code runtime.json} is
   *                                  not a JSON object or has a bad {@code pool} / {@code poolDeps}
   */
  public static PoolRuntimes read(Path runtimesDir) {
    if (!Files.isDirectory(runtimesDir)) {
      return NONE;
    }
    Map<String, Optional<String>> deps = new TreeMap<>();
    try (Stream<Path> dirs = Files.list(runtimesDir)) {
      for (Path dir : dirs.sorted().toList()) {
        Path file = dir.resolve(DESCRIPTOR);
        if (Files.isRegularFile(file)) {
          descriptor(file).ifPresent(d -> deps.put(dir.getFileName().toString(), d));
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the runtimes in " + runtimesDir + ": " + e.getMessage(), e);
    }
    return new PoolRuntimes(deps);
  }

  /** Empty when the runtime has no pool; else the optional dependency path. */
  private static Optional<Optional<String>> descriptor(Path file) throws IOException {
    JsonObject json;
    try {
      json = new JsonObject(Files.readString(file));
    } catch (DecodeException e) {
      throw new IllegalArgumentException(file + " is not a JSON object: " + e.getMessage(), e);
    }
    Object pool = json.getValue("pool");
    if (pool != null && !(pool instanceof Boolean)) {
      throw new IllegalArgumentException(file + ": \"pool\" must be true or false, not " + quoted(pool));
    }
    Object path = json.getValue("poolDeps");
    if (path != null && !(path instanceof String s && s.startsWith("/") && !s.contains(".."))) {
      throw new IllegalArgumentException(file + ": \"poolDeps\" must be an absolute path in the function image"
        + " without '..', not " + quoted(path));
    }
    return Boolean.TRUE.equals(pool) ? Optional.of(Optional.ofNullable((String) path)) : Optional.empty();
  }

  private static String quoted(Object value) {
    return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
  }

  /** The pooled runtimes' names. */
  public Set<String> names() {
    return deps.keySet();
  }

  /** Whether {@code runtime} has a pool. */
  public boolean pooled(String runtime) {
    return runtime != null && deps.containsKey(runtime);
  }

  /** Where {@code runtime}'s function images keep their installed dependencies; {@code null} when nowhere (or not pooled). */
  public String depsPath(String runtime) {
    Optional<String> path = runtime == null ? null : deps.get(runtime);
    return path == null ? null : path.orElse(null);
  }

  @Override
  public String toString() {
    return deps.keySet().toString();
  }
}
