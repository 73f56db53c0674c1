package dev.plat.gateway.async;

import io.vertx.core.json.JsonObject;

/**
 * An invocation without its request and result bodies: what the worker's poll and the list read,
 * so neither moves up to two bodies per record across the cluster.
 *
 * @param status the last attempt's HTTP status, or {@code null} before any
 */
public record InvocationSummary(String id, String function, String state, int attempts, long createdAt, long updatedAt,
    long notBefore, Integer status) {

  /** The fields read from a stored record, in {@link #of(Object[])}'s order. */
  static final String[] FIELDS = {"id", "function", "state", "attempts", "createdAt", "updatedAt", "notBefore", "result.status"};

  /** From the values of {@link #FIELDS} (numbers of any type, missing ones null). */
  static InvocationSummary of(Object[] v) {
    return new InvocationSummary((String) v[0], (String) v[1], (String) v[2], (int) num(v[3]), num(v[4]), num(v[5]),
      num(v[6]), v[7] == null ? null : (int) num(v[7]));
  }

  static InvocationSummary of(AsyncInvocation i) {
    JsonObject result = i.result();
    return new InvocationSummary(i.id(), i.function(), i.state(), i.attempts(), i.createdAt(), i.updatedAt(),
      i.notBefore(), result == null ? null : result.getInteger("status"));
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
    return json;
  }
}
