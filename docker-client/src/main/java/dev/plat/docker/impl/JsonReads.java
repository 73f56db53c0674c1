package dev.plat.docker.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Null-tolerant reads of the daemon's JSON (absent, null and empty all read as empty). */
public final class JsonReads {

  private JsonReads() {
  }

  public static JsonObject obj(JsonObject parent, String key) {
    Object v = parent == null ? null : parent.getValue(key);
    return v instanceof JsonObject o ? o : new JsonObject();
  }

  public static String str(JsonObject o, String key) {
    Object v = o == null ? null : o.getValue(key);
    return v == null ? null : v.toString();
  }

  public static long lng(JsonObject o, String key) {
    Object v = o == null ? null : o.getValue(key);
    return v instanceof Number n ? n.longValue() : 0L;
  }

  public static boolean bool(JsonObject o, String key) {
    return o != null && Boolean.TRUE.equals(o.getValue(key));
  }

  public static List<String> strings(JsonObject o, String key) {
    Object v = o == null ? null : o.getValue(key);
    if (!(v instanceof JsonArray a)) {
      return List.of();
    }
    List<String> out = new ArrayList<>(a.size());
    for (Object item : a) {
      if (item != null) {
        out.add(item.toString());
      }
    }
    return List.copyOf(out);
  }

  public static Map<String, String> stringMap(JsonObject o, String key) {
    Object v = o == null ? null : o.getValue(key);
    if (!(v instanceof JsonObject m)) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach(e -> out.put(e.getKey(), e.getValue() == null ? "" : e.getValue().toString()));
    return Collections.unmodifiableMap(out);
  }

  /** An unmodifiable, order-keeping copy; {@code null} reads as empty. */
  public static <K, V> Map<K, V> copy(Map<K, V> m) {
    return m == null || m.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }

  /** An unmodifiable copy; {@code null} reads as empty. */
  public static <T> List<T> copy(List<T> l) {
    return l == null ? List.of() : List.copyOf(l);
  }

  public static JsonArray array(List<String> values) {
    return new JsonArray(new ArrayList<>(values));
  }

  public static JsonObject object(Map<String, String> values) {
    JsonObject o = new JsonObject();
    values.forEach(o::put);
    return o;
  }
}
