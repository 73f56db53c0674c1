package dev.plat.controller;

import dev.plat.cluster.api.FunctionSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One entry of the controller's registry: the function's definition, whether it should run, and
 * its recent versions. JSON form (one element of the registry file):
 * {@code {"spec": FunctionSpec JSON, "desired": "running"|"stopped", "versions": [FunctionVersion JSON...],
 * "traffic": {"3": 90, "4": 10}}} ({@code traffic} only while a split is set).
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
 * @param traffic  version to percentage (summing to 100) while the invocations are split among
 *                 versions; empty: all go to the current version
 */
public record FunctionRecord(FunctionSpec spec, Desired desired, List<FunctionVersion> versions,
                             Map<Long, Integer> traffic) {

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
    traffic = Collections.unmodifiableMap(new TreeMap<>(traffic));
  }

  /** A record with no versions kept. */
  public FunctionRecord(FunctionSpec spec, Desired desired) {
    this(spec, desired, List.of());
  }

  /** A record with every invocation to the current version. */
  public FunctionRecord(FunctionSpec spec, Desired desired, List<FunctionVersion> versions) {
    this(spec, desired, versions, Map.of());
  }

  public FunctionRecord(JsonObject json) {
    this(new FunctionSpec(json.getJsonObject("spec")), Desired.of(json.getString("desired")),
      versions(json.getJsonArray("versions")), traffic(json.getJsonObject("traffic")));
  }

  private static Map<Long, Integer> traffic(JsonObject json) {
    Map<Long, Integer> map = new TreeMap<>();
    if (json != null) {
      json.forEach(e -> map.put(Long.parseLong(e.getKey()), ((Number) e.getValue()).intValue()));
    }
    return map;
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
    return new FunctionRecord(newSpec, desired, versions, traffic);
  }

  public FunctionRecord withDesired(Desired newDesired) {
    return new FunctionRecord(spec, newDesired, versions, traffic);
  }

  /** This record with {@code split} (empty, or all to the current version: no split). */
  public FunctionRecord withTraffic(Map<Long, Integer> split) {
    boolean allCurrent = split.size() == 1 && split.containsKey(spec.version());
    return new FunctionRecord(spec, desired, versions, allCurrent ? Map.of() : split);
  }

  /**
   * The split in effect: {@link #traffic()}, or the current version at 100 when none is set.
   */
  public Map<Long, Integer> effectiveTraffic() {
    return traffic.isEmpty() ? Map.of(spec.version(), 100) : traffic;
  }

  /** The versions other than the current one that take a share of the invocations. */
  public Set<Long> servingVersions() {
    Set<Long> serving = new TreeSet<>(traffic.keySet());
    serving.remove(spec.version());
    return serving;
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
    if (!traffic.isEmpty()) {
      JsonObject split = new JsonObject();
      traffic.forEach((v, w) -> split.put(Long.toString(v), w));
      json.put("traffic", split);
    }
    return json;
  }
}
