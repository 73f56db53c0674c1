package dev.plat.controller.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A secret as the controller keeps it: {@code {"name","createdAt","updatedAt","data":{key: sealed value}}}.
 * The values are sealed by the gateway that took them ({@code SecretCipher}); the controller never
 * sees a plain value. {@link #summary} is what the API shows: never a value, sealed or not.
 */
record SecretRecord(String name, long createdAt, long updatedAt, Map<String, String> sealed) {

  SecretRecord {
    sealed = Map.copyOf(new TreeMap<>(sealed));
  }

  SecretRecord(JsonObject json) {
    this(json.getString("name"), json.getLong("createdAt", 0L), json.getLong("updatedAt", 0L), values(json));
  }

  private static Map<String, String> values(JsonObject json) {
    Map<String, String> values = new TreeMap<>();
    json.getJsonObject("data", new JsonObject()).forEach(e -> values.put(e.getKey(), String.valueOf(e.getValue())));
    return values;
  }

  JsonObject toJson() {
    return new JsonObject().put("name", name).put("createdAt", createdAt).put("updatedAt", updatedAt)
      .put("data", new JsonObject(new TreeMap<>(sealed)));
  }

  /** The API's view: name, keys, times and the functions that list it. */
  JsonObject summary(List<String> functions) {
    return new JsonObject().put("name", name).put("keys", new JsonArray(List.copyOf(new TreeMap<>(sealed).keySet())))
      .put("createdAt", createdAt).put("updatedAt", updatedAt).put("functions", new JsonArray(functions));
  }

  /** Masked: a record is never logged with its values. */
  @Override
  public String toString() {
    return "SecretRecord[" + name + ", keys=" + new TreeMap<>(sealed).keySet() + "]";
  }
}
