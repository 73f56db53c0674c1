package dev.plat.controller.impl;

import dev.plat.cluster.api.FunctionSpec;
import dev.plat.cluster.api.PlatError;
import dev.plat.cluster.api.TrafficSplit;
import dev.plat.controller.FunctionRecord;
import dev.plat.controller.FunctionVersion;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The registered functions with their run-time state, kept in step with the durable {@link Registry};
 * and their units: a state per version other than the current one that serves, keyed
 * {@code NAME@vN}. A unit exists while its version takes a share of a traffic split, or after a
 * request addressed it ({@link #unit}) until its version is no longer kept; an addressed unit that
 * no split serves has {@code scaling.min} 0, so it goes to zero when idle. Units are not in the
 * registry: they are derived from the function's record on every save.
 */
final class Functions {
  private final Registry registry;
  private final Supplier<CrashTracker> trackers;
  private final Map<String, FunctionState> states = new TreeMap<>();
  private final Map<String, FunctionState> units = new TreeMap<>();
  private Consumer<FunctionState> unitChanged = fs -> { };

  public Functions(Registry registry, Supplier<CrashTracker> trackers) {
    this.registry = registry;
    this.trackers = trackers;
  }

  /** Told of a unit whose record changed or that is gone (record {@code null}): the converger. */
  public void onUnitChanged(Consumer<FunctionState> listener) {
    this.unitChanged = listener;
  }

  /** Loads the registry; every record gets a fresh state (no instances yet), and its split's units. */
  public Future<Void> load() {
    return registry.load().map(v -> {
      states.clear();
      units.clear();
      // no unit is reported: the reconciliation that follows a load adopts their containers, then converges
      registry.all().forEach(r -> {
        states.put(r.name(), new FunctionState(r, trackers.get()));
        syncUnits(r);
      });
      return null;
    });
  }

  /** The function or unit named {@code name} ({@code NAME} or {@code NAME@vN}), or {@code null}. */
  public FunctionState find(String name) {
    if (name == null) {
      return null;
    }
    FunctionState fs = states.get(name);
    return fs != null ? fs : units.get(name);
  }

  /** The function; a 404 {@code function_not_found} when there is none. */
  public FunctionState get(String name) {
    FunctionState fs = name == null ? null : states.get(name);
    if (fs == null) {
      throw PlatError.notFound("function_not_found", "no function named '" + name + "'");
    }
    return fs;
  }

  /** The registered functions (no units). */
  public List<FunctionState> all() {
    return List.copyOf(states.values());
  }

  /** The units of every function. */
  public List<FunctionState> units() {
    return List.copyOf(units.values());
  }

  /** The units of function {@code name}, by version. */
  public List<FunctionState> unitsOf(String name) {
    String prefix = name + TrafficSplit.VERSION_MARK;
    return units.values().stream().filter(u -> u.name().startsWith(prefix)).toList();
  }

  /** Every state: the functions, then their units. */
  public List<FunctionState> everything() {
    List<FunctionState> all = new ArrayList<>(states.values());
    all.addAll(units.values());
    return all;
  }

  /**
   * The state that serves {@code key}: the function for its name or for {@code NAME@vN} of its
   * current version; the unit of a kept version (made now when a request addresses it first);
   * {@code null} when no such function or kept version exists.
   */
  public FunctionState unit(String key) {
    FunctionState known = find(key);
    if (known != null) {
      return known;
    }
    long version = TrafficSplit.versionOf(key);
    FunctionState parent = version < 1 ? null : states.get(TrafficSplit.functionOf(key));
    if (parent == null || parent.record() == null) {
      return null;
    }
    FunctionRecord record = parent.record();
    if (record.spec().version() == version) {
      return parent;
    }
    FunctionVersion kept = record.version(version);
    if (kept == null || kept.image() == null) {
      return null;
    }
    FunctionState unit = new FunctionState(key, unitRecord(record, kept), trackers.get());
    units.put(key, unit);
    return unit;
  }

  /** Persists {@code record}, then makes it the function's record (a new state for a new function) and updates its units. */
  public Future<FunctionState> save(FunctionRecord record) {
    return registry.put(record).map(v -> {
      FunctionState fs = states.computeIfAbsent(record.name(), n -> new FunctionState(record, trackers.get()));
      fs.record(record);
      syncUnits(record).forEach(unitChanged);
      return fs;
    });
  }

  /** Removes the function from the registry (durably) and from this map; its state and its units read deleted. */
  public Future<Void> delete(FunctionState fs) {
    return registry.remove(fs.name()).onSuccess(v -> {
      states.remove(fs.name(), fs);
      fs.record(null);
      for (FunctionState unit : unitsOf(fs.name())) {
        units.remove(unit.name());
        unit.record(null);
        unitChanged.accept(unit);
      }
    });
  }

  /**
   * Brings the units of {@code record}'s function in line with it: one per version its split serves
   * (other than the current one), the addressed ones kept while their version is (a version that
   * leaves the split loses its unit: a later request addressing it makes a fresh one); each with the
   * function's desired state. Returns the units that changed or went (record {@code null}).
   */
  private List<FunctionState> syncUnits(FunctionRecord record) {
    Set<Long> serving = record.servingVersions();
    List<FunctionState> changed = new ArrayList<>();
    for (long v : serving) {
      String key = TrafficSplit.unitKey(record.name(), v);
      if (!units.containsKey(key) && record.version(v) != null && record.version(v).image() != null) {
        FunctionState unit = new FunctionState(key, unitRecord(record, record.version(v)), trackers.get());
        units.put(key, unit);
        changed.add(unit);
      }
    }
    for (FunctionState unit : unitsOf(record.name())) {
      long v = TrafficSplit.versionOf(unit.name());
      FunctionVersion kept = record.version(v);
      boolean inSplit = serving.contains(v);
      boolean leftSplit = unit.inSplit() && !inSplit;
      unit.inSplit(inSplit);
      if (kept == null || v == record.spec().version() || leftSplit) {
        units.remove(unit.name());
        unit.record(null);
        changed.add(unit);
      } else {
        FunctionRecord next = unitRecord(record, kept);
        if (!next.equals(unit.record())) {
          unit.record(next);
          if (!changed.contains(unit)) {
            changed.add(unit);
          }
        }
      }
    }
    return changed;
  }

  /**
   * A unit's record: the kept version's spec, with the function's desired state. A version no split
   * serves (only addressed) runs with {@code scaling.min} 0: it goes to zero when idle.
   */
  static FunctionRecord unitRecord(FunctionRecord function, FunctionVersion version) {
    FunctionSpec spec = version.spec();
    if (!function.traffic().containsKey(version.version()) && spec.scaling().min() > 0) {
      spec = new FunctionSpec(spec.toJson().put("scaling", new FunctionSpec.Scaling(0, spec.scaling().max()).toJson()));
    }
    return new FunctionRecord(spec, function.desired());
  }
}
