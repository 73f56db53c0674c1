package dev.plat.gateway.async;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One asynchronous invocation as stored: an immutable view of its JSON record. Every change makes a
 * copy with {@code rev} one higher; the store writes it only over the revision it was made from
 * (compare-and-set), so two nodes never both move the same record.
 *
 * <p>States: {@code queued} (waiting, not before {@code notBefore}) -> {@code running} (claimed by
 * {@code node}/{@code claim}, the claimant's Hazelcast member) -> {@code succeeded} | {@code failed},
 * or back to {@code queued} for a retry or when the claimant left the cluster.
 *
 * <p>A finished invocation with a {@code callbackUrl} carries {@code callback}: {@code {state,
 * attempts, status, node, claim}}. It starts {@code pending}, claimed by the node that finished the
 * invocation (in the same write as the result); each send is recorded: still {@code pending} while
 * tries remain, then {@code delivered}, {@code failed} or {@code refused} (the allow-list refused the
 * URL at send time). A pending callback whose claimant left the cluster is claimed by another node
 * and sent from there (at-least-once).
 *
 * <p>The request body is kept base64 in the record: bodies are small ({@code asyncMaxBodyBytes},
 * 1 MiB by default), so one record per invocation in a replicated map is cheaper than a separate
 * blob store; the same holds for the kept part of the result body.
 */
public final class AsyncInvocation {
  public static final String QUEUED = "queued";
  public static final String RUNNING = "running";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";
  /** A callback still to send (or being sent). */
  public static final String PENDING = "pending";
  /** A callback answered below 400. */
  public static final String DELIVERED = "delivered";
  /** A callback whose URL the allow-list refused at send time. */
  public static final String REFUSED = "refused";

  private final JsonObject json;

  public AsyncInvocation(JsonObject json) {
    this.json = json;
  }

  /** A new queued invocation (revision 1). */
  public static AsyncInvocation queued(String id, String function, JsonObject request, String callbackUrl, long now) {
    JsonObject json = new JsonObject().put("id", id).put("function", function).put("state", QUEUED)
      .put("attempts", 0).put("createdAt", now).put("updatedAt", now).put("notBefore", now).put("rev", 1L)
      .put("request", request);
    if (callbackUrl != null) {
      json.put("callbackUrl", callbackUrl);
    }
    return new AsyncInvocation(json);
  }

  public String id() {
    return json.getString("id");
  }

  public String function() {
    return json.getString("function");
  }

  public String state() {
    return json.getString("state");
  }

  public int attempts() {
    return json.getInteger("attempts", 0);
  }

  public long rev() {
    return json.getLong("rev", 0L);
  }

  public long createdAt() {
    return json.getLong("createdAt", 0L);
  }

  public long updatedAt() {
    return json.getLong("updatedAt", 0L);
  }

  public long notBefore() {
    return json.getLong("notBefore", 0L);
  }

  /** The claimant's Hazelcast member id while running, else {@code null}. */
  public String claim() {
    return json.getString("claim");
  }

  public String callbackUrl() {
    return json.getString("callbackUrl");
  }

  /** The callback's delivery ({@code state, attempts, status, node, claim}), or {@code null} when there is none. */
  public JsonObject callback() {
    return json.getJsonObject("callback");
  }

  /** Whether this record's callback still has to be delivered. */
  public boolean callbackPending() {
    JsonObject callback = callback();
    return callback != null && PENDING.equals(callback.getString("state"));
  }

  /** The member id of the node delivering the callback, or {@code null}. */
  public String callbackClaim() {
    JsonObject callback = callback();
    return callback == null ? null : callback.getString("claim");
  }

  /** Callback sends made so far. */
  public int callbackAttempts() {
    JsonObject callback = callback();
    return callback == null ? 0 : callback.getInteger("attempts", 0);
  }

  /** The stored request: method, path, query, headers ({@code [[name, value], ...]}), body (base64). */
  public JsonObject request() {
    return json.getJsonObject("request");
  }

  /** The last result ({@code status, headers, body, bodyEncoding, truncated, durationMs}), or {@code null}. */
  public JsonObject result() {
    return json.getJsonObject("result");
  }

  public boolean finished() {
    return SUCCEEDED.equals(state()) || FAILED.equals(state());
  }

  /** Claimed by {@code node} (its member {@code claim}) for one more attempt. */
  public AsyncInvocation claimed(String node, String claim, long now) {
    return next(now).put("state", RUNNING).put("node", node).put("claim", claim).put("attempts", attempts() + 1)
      .put("startedAt", now).wrap();
  }

  /** Back in the queue, to run not before {@code notBefore}; {@code result} is the last attempt's (may be null). */
  public AsyncInvocation requeued(long now, long notBefore, JsonObject result) {
    Builder b = next(now).put("state", QUEUED).put("notBefore", notBefore).remove("claim");
    if (result != null) {
      b.put("result", result);
    }
    return b.wrap();
  }

  /**
   * Finished in {@code state} with {@code result}; with a callback URL, its callback is pending and
   * claimed by the node that ran the last attempt (this record's claimant).
   */
  public AsyncInvocation finished(String state, long now, JsonObject result) {
    Builder b = next(now).put("state", state).put("finishedAt", now).remove("claim");
    if (result != null) {
      b.put("result", result);
    }
    if (callbackUrl() != null) {
      JsonObject callback = new JsonObject().put("state", PENDING).put("attempts", 0);
      if (claim() != null) {
        callback.put("node", json.getString("node")).put("claim", claim());
      }
      b.put("callback", callback);
    }
    return b.wrap();
  }

  /** The callback taken over by {@code node} (its member {@code claim}). */
  public AsyncInvocation callbackClaimed(String node, String claim, long now) {
    Builder b = next(now);
    b.json().getJsonObject("callback").put("node", node).put("claim", claim);
    return b.wrap();
  }

  /**
   * One more callback send recorded: its {@code status} ({@link RetryPolicy#NO_ANSWER}: none; null
   * when none was made, the URL being refused) and the callback's state after it.
   */
  public AsyncInvocation callbackTried(Integer status, String callbackState, long now) {
    Builder b = next(now);
    JsonObject callback = b.json().getJsonObject("callback").put("state", callbackState);
    if (status != null) {
      callback.put("attempts", callbackAttempts() + 1).put("status", status);
    }
    if (!PENDING.equals(callbackState)) {
      callback.remove("claim");
    }
    return b.wrap();
  }

  private Builder next(long now) {
    return new Builder(json.copy().put("rev", rev() + 1).put("updatedAt", now));
  }

  /** The record as stored. */
  public JsonObject toJson() {
    return json.copy();
  }

  /** The record as the API shows it: the request without its headers and body. */
  public JsonObject toView() {
    JsonObject view = json.copy();
    view.remove("rev");
    view.remove("claim");
    JsonObject callback = view.getJsonObject("callback");
    if (callback != null) {
      callback.remove("claim");
    }
    JsonObject request = view.getJsonObject("request");
    if (request != null) {
      request.remove("headers");
      request.remove("body");
    }
    return view;
  }

  public String encode() {
    return json.encode();
  }

  /** The request's headers as pairs. */
  public JsonArray headers() {
    return request().getJsonArray("headers", new JsonArray());
  }

  private record Builder(JsonObject json) {
    Builder put(String key, Object value) {
      json.put(key, value);
      return this;
    }

    Builder remove(String key) {
      json.remove(key);
      return this;
    }

    AsyncInvocation wrap() {
      return new AsyncInvocation(json);
    }
  }
}
