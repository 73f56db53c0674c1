package dev.plat.docker;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code filters} of list and event calls: each key maps to values, an object matches when it
 * matches every key and, within a key, any value (labels: every value). Mutable and fluent.
 *
 * <pre>{@code DockerFilters.create().label("plat.function", "hello").type("container")}</pre>
 */
public final class DockerFilters {

  private final Map<String, List<String>> filters = new LinkedHashMap<>();

  /** @return empty filters (match everything) */
  public static DockerFilters create() {
    return new DockerFilters();
  }

  /** Adds a value to a filter key, e.g. {@code add("status", "running")}. */
  public DockerFilters add(String key, String value) {
    if (key == null || key.isBlank() || value == null) {
      throw new IllegalArgumentException("a filter needs a key and a value");
    }
    filters.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    return this;
  }

  /** Objects with the label {@code key} set to {@code value}. */
  public DockerFilters label(String key, String value) {
    return add("label", key + "=" + value);
  }

  /** Objects that have the label {@code key}, whatever its value. */
  public DockerFilters label(String key) {
    return add("label", key);
  }

  /** Events of this object type: {@code container}, {@code image}, {@code network}, ... */
  public DockerFilters type(String type) {
    return add("type", type);
  }

  /** Events with this action: {@code start}, {@code die}, {@code pause}, ... */
  public DockerFilters event(String action) {
    return add("event", action);
  }

  /** Objects or events of this container (id or name). */
  public DockerFilters container(String idOrName) {
    return add("container", idOrName);
  }

  /** @return {@code true} when no filter is set */
  public boolean isEmpty() {
    return filters.isEmpty();
  }

  /** @return the filters as the daemon reads them: {@code {"label":["a=b"],"type":["container"]}} */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    filters.forEach((k, v) -> json.put(k, new JsonArray(new ArrayList<>(v))));
    return json;
  }

  /** @return an unmodifiable view of the filters */
  public Map<String, List<String>> asMap() {
    return Collections.unmodifiableMap(filters);
  }

  @Override
  public String toString() {
    return toJson().encode();
  }
}
