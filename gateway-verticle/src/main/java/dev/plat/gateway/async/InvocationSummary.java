package dev.plat.gateway.async;

import io.vertx.core.json.JsonObject;

/**
 * An invocation without its request and result bodies: what the worker's poll and the list read,
 * so neither moves up to two bodies per record across the cluster.
 *
 * @param status   the last attempt's HTTP status, or {@code null} before any
 * @param callback the callback's state ({@code pending, delivered, failed, refused}), or {@code null} without one
 */
public record InvocationSummary(String id, String function, String state, int attempts, long createdAt, long updatedAt,
    long notBefore, Integer status, String callback) {

  /** The fields read from a stored record, in {@link #of(Object[])}'s order. */
  static final String[] FIELDS = {"id", "function", "state", "attempts", "createdAt", "updatedAt", "notBefore", "result.status",
    "callback.state"};

  /** From the values of {@link #FIELDS} (numbers of any type, missing ones null). */
  static InvocationSummary of(Object[] v) {
    return new InvocationSummary((String) v[0], (String) v[1], (String) v[2], (int) num(v[3]), num(v[4]), num(v[5]),
      num(v[6]), v[7] == null ? null : (int) num(v[7]), (String) v[8]);
  }

  static InvocationSummary of(AsyncInvocation i) {
    JsonObject result = i.result();
    return new InvocationSummary(i.id(), i.function(), i.state(), i.attempts(), i.createdAt(), i.updatedAt(),
      i.notBefore(), result == null ? null : result.getInteger("status"),
      i.callback() == null ? null : i.callback().getString("state"));
  }

  private static long num(Object value) {
    return value instanceof Number n ? n.longValue() : 0;
  }

  /** As the list shows it; {@code GET /api/invocations/{id}} has the rest. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("id", id).put("function", function).put("state", state)
      .put("attempts", attempts).put("createdAt", createdAt).put("updatedAt", updatedAt);
    if (AsyncInvocation.QUEUED.equals(state)) {
      json.put("notBefore", notBefore);
    }
    if (status != null) {
      json.put("result", new JsonObject().put("status", status));
    }
    if (callback != null) {
      json.put("callback", new JsonObject().put("state", callback));
    }
    return json;
  }
}
