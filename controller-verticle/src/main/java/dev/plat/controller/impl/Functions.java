package dev.plat.controller.impl;

import dev.plat.cluster.api.PlatError;
import dev.plat.controller.FunctionRecord;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/** The registered functions with their run-time state, kept in step with the durable {@link Registry}. */
final class Functions {
  private final Registry registry;
  private final Supplier<CrashTracker> trackers;
  private final Map<String, FunctionState> states = new TreeMap<>();

  public Functions(Registry registry, Supplier<CrashTracker> trackers) {
    this.registry = registry;
    this.trackers = trackers;
  }

  /** Loads the registry; every record gets a fresh state (no instances yet). */
  public Future<Void> load() {
    return registry.load().map(v -> {
      states.clear();
      registry.all().forEach(r -> states.put(r.name(), new FunctionState(r, trackers.get())));
      return null;
    });
  }

  /** The function, or {@code null}. */
  public FunctionState find(String name) {
    return name == null ? null : states.get(name);
  }

  /** The function; a 404 {@code function_not_found} when there is none. */
  public FunctionState get(String name) {
    FunctionState fs = find(name);
    if (fs == null) {
      throw PlatError.notFound("function_not_found", "no function named '" + name + "'");
    }
    return fs;
  }

  public List<FunctionState> all() {
    return List.copyOf(states.values());
  }

  /** Persists {@code record}, then makes it the function's record (a new state for a new function). */
  public Future<FunctionState> save(FunctionRecord record) {
    return registry.put(record).map(v -> {
      FunctionState fs = states.computeIfAbsent(record.name(), n -> new FunctionState(record, trackers.get()));
      fs.record(record);
      return fs;
    });
  }

  /** Removes the function from the registry (durably) and from this map; its state reads deleted. */
  public Future<Void> delete(FunctionState fs) {
    return registry.remove(fs.name()).onSuccess(v -> {
      states.remove(fs.name(), fs);
      fs.record(null);
    });
  }
}
