package dev.plat.cluster.api;

import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a function's invocations are shared among its versions: version number to a whole percentage,
 * the percentages summing to 100. The current version is served under the function's own name;
 * any other version under its <em>unit key</em> {@code NAME@vN} (its own instances, routes and
 * scaling). JSON form: {@code {"3": 90, "4": 10}}.
 *
 * <p>{@link #pick(String)} is the proxy's weighted choice: a table of 100 slots filled once, one
 * random slot per request, no allocation.
 */
public final class TrafficSplit {
  /** The separator of a unit key: {@code NAME@vN}. */
  public static final String VERSION_MARK = "@v";

  private final String name;
  private final long current;
  private final Map<Long, Integer> weights;
  /** Slot {@code i} of 100: the key that serves it. */
  private final String[] slots;

  /**
   * @param name    the function
   * @param current the function's current version (served under its name)
   * @param weights version to percentage, each 0 to 100, summing to 100; versions of weight 0 are dropped
   */
  public TrafficSplit(String name, long current, Map<Long, Integer> weights) {
    Map<Long, Integer> sorted = new TreeMap<>();
    int sum = 0;
    for (Map.Entry<Long, Integer> e : weights.entrySet()) {
      if (e.getKey() == null || e.getKey() < 1 || e.getValue() == null || e.getValue() < 0 || e.getValue() > 100) {
        throw new IllegalArgumentException("bad weight " + e.getKey() + "=" + e.getValue());
      }
      sum += e.getValue();
      if (e.getValue() > 0) {
        sorted.put(e.getKey(), e.getValue());
      }
    }
    if (sum != 100) {
      throw new IllegalArgumentException("weights sum to " + sum + ", not 100");
    }
    this.name = name;
    this.current = current;
    this.weights = Collections.unmodifiableMap(sorted);
    this.slots = new String[100];
    int at = 0;
    for (Map.Entry<Long, Integer> e : this.weights.entrySet()) {
      String key = e.getKey() == current ? name : unitKey(name, e.getKey());
      for (int i = 0; i < e.getValue(); i++) {
        slots[at++] = key;
      }
    }
  }

  /** Reads {@link #toJson()}; {@code null} for a {@code null} object. */
  public static TrafficSplit fromJson(String name, long current, JsonObject json) {
    if (json == null || json.isEmpty()) {
      return null;
    }
    Map<Long, Integer> weights = new TreeMap<>();
    json.forEach(e -> weights.put(Long.parseLong(e.getKey()), ((Number) e.getValue()).intValue()));
    return new TrafficSplit(name, current, weights);
  }

  /**
   * Validates a split a user asked for: an object of version (a number, optionally written
   * {@code v3}) to a whole percentage, summing to 100, every version one of {@code kept}. Throws a
   * 400 {@code bad_traffic} naming the field {@code traffic} and the entry at fault.
   */
  public static Map<Long, Integer> parse(Object traffic, Collection<Long> kept) {
    if (!(traffic instanceof JsonObject json) || json.isEmpty()) {
      throw bad("'traffic' must be an object of version to percentage, e.g. {\"3\": 90, \"4\": 10}");
    }
    Map<Long, Integer> weights = new TreeMap<>();
    int sum = 0;
    for (Map.Entry<String, Object> e : json) {
      String key = e.getKey().startsWith("v") ? e.getKey().substring(1) : e.getKey();
      long version;
      try {
        version = Long.parseLong(key);
      } catch (NumberFormatException ex) {
        throw bad("'traffic' keys are version numbers; '" + e.getKey() + "' is not");
      }
      if (version < 1 || weights.containsKey(version)) {
        throw bad("'traffic' names version '" + e.getKey() + "' " + (version < 1 ? "which cannot exist" : "twice"));
      }
      if (!(e.getValue() instanceof Number n) || n.doubleValue() != n.intValue() || n.intValue() < 0 || n.intValue() > 100) {
        throw bad("'traffic." + e.getKey() + "' must be a whole percentage from 0 to 100, not " + e.getValue());
      }
      if (!kept.contains(version)) {
        throw bad("'traffic' names v" + version + ", which is not a kept version; kept: "
          + (kept.isEmpty() ? "none" : String.join(", ", kept.stream().sorted().map(v -> "v" + v).toList())));
      }
      weights.put(version, n.intValue());
      sum += n.intValue();
    }
    if (sum != 100) {
      throw bad("the percentages of 'traffic' must sum to 100, not " + sum);
    }
    weights.values().removeIf(w -> w == 0);
    return weights;
  }

  private static PlatError bad(String message) {
    return PlatError.badRequest("bad_traffic", message);
  }

  public long current() {
    return current;
  }

  /** Version to percentage, by version; no zero weight. */
  public Map<Long, Integer> weights() {
    return weights;
  }

  /** Whether every request goes to the current version (no split to make). */
  public boolean isAllCurrent() {
    return weights.size() == 1 && weights.containsKey(current);
  }

  /** The key that serves one request: the function's name or {@code name@vN}, by weight. */
  public String pick() {
    return slots[ThreadLocalRandom.current().nextInt(100)];
  }

  /** The key that serves the request that drew {@code slot} (0 to 99). */
  public String pick(int slot) {
    return slots[slot];
  }

  public String name() {
    return name;
  }

  /** {@code {"3": 90, "4": 10}}. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    weights.forEach((v, w) -> json.put(Long.toString(v), w));
    return json;
  }

  /** {@code name@vN}: the key under which version {@code version} of {@code name} is routed and scaled. */
  public static String unitKey(String name, long version) {
    return name + VERSION_MARK + version;
  }

  /** The function name of a key ({@code name} or {@code name@vN}). */
  public static String functionOf(String key) {
    int at = key.indexOf(VERSION_MARK);
    return at < 0 ? key : key.substring(0, at);
  }

  /** The version of a unit key {@code name@vN}; -1 for a plain name or a malformed key. */
  public static long versionOf(String key) {
    int at = key.indexOf(VERSION_MARK);
    if (at < 1 || at + VERSION_MARK.length() >= key.length() || key.length() - at > 20) {
      return -1;
    }
    long v = 0;
    for (int i = at + VERSION_MARK.length(); i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v < 1 ? -1 : v;
  }

  /** Whether {@code key} is a valid function name or a valid unit key of one. */
  public static boolean isValidKey(String key) {
    if (key == null) {
      return false;
    }
    int at = key.indexOf(VERSION_MARK);
    return at < 0 ? FunctionSpec.isValidName(key) : versionOf(key) > 0 && FunctionSpec.isValidName(key.substring(0, at));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrafficSplit t && t.name.equals(name) && t.current == current && t.weights.equals(weights);
  }

  @Override
  public int hashCode() {
    return (name.hashCode() * 31 + Long.hashCode(current)) * 31 + weights.hashCode();
  }

  @Override
  public String toString() {
    return "TrafficSplit " + name + weights + " (current v" + current + ")";
  }
}
