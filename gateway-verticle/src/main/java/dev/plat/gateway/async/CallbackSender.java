package dev.plat.gateway.async;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.logging.Logger;

/**
 * POSTs a finished invocation's result to its {@code X-Callback-Url}: {@code id, function, state,
 * attempts, status, headers, body, bodyEncoding, truncated, durationMs}. Retried like an invocation
 * ({@link RetryPolicy}: 5xx, 429, no answer), each try bounded by a timeout, all on timers of their
 * own: a slow or dead callback never holds a worker slot, so it never blocks the queue. At most
 * {@code maxPending} callbacks are in flight; beyond that a callback is dropped and logged.
 * Callbacks live in this node's memory only: a node that dies loses its pending callbacks (the
 * result stays readable by the API).
 */
public final class CallbackSender {
  private static final Logger LOG = Logger.getLogger(CallbackSender.class.getName());

  private final Vertx vertx;
  private final HttpClient client;
  private final RetryPolicy policy;
  private final long timeoutMs;
  private final int maxPending;
  private int pending;

  public CallbackSender(Vertx vertx, HttpClient client, RetryPolicy policy, long timeoutMs, int maxPending) {
    this.vertx = vertx;
    this.client = client;
    this.policy = policy;
    this.timeoutMs = timeoutMs;
    this.maxPending = maxPending;
  }

  /** Starts delivering the result of {@code invocation} when it has a callback URL. */
  public void send(AsyncInvocation invocation) {
    String url = invocation.callbackUrl();
    if (url == null) {
      return;
    }
    if (pending >= maxPending) {
      LOG.warning(() -> "callback of invocation " + invocation.id() + " dropped: " + pending + " callbacks pending");
      return;
    }
    pending++;
    Buffer payload = payload(invocation).toBuffer();
    attempt(invocation.id(), url, payload, 1);
  }

  static JsonObject payload(AsyncInvocation invocation) {
    JsonObject result = invocation.result() == null ? new JsonObject() : invocation.result();
    return new JsonObject().put("id", invocation.id()).put("function", invocation.function())
      .put("state", invocation.state()).put("attempts", invocation.attempts()).mergeIn(result);
  }

  private void attempt(String id, String url, Buffer payload, int attempt) {
    Future<Integer> status;
    try {
      RequestOptions options = new RequestOptions().setAbsoluteURI(url).setMethod(HttpMethod.POST)
        .setTimeout(timeoutMs).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
      status = client.request(options).compose(req -> req.send(payload))
        .compose(response -> response.body().map(ignored -> response.statusCode()));
    } catch (RuntimeException e) {
      status = Future.failedFuture(e);
    }
    status.otherwise(RetryPolicy.NO_ANSWER).onSuccess(code -> {
      RetryPolicy.Verdict verdict = policy.after(attempt, code);
      if (verdict == RetryPolicy.Verdict.RETRY) {
        vertx.setTimer(policy.delayMs(attempt), t -> attempt(id, url, payload, attempt + 1));
        return;
      }
      pending--;
      if (verdict == RetryPolicy.Verdict.FAILED) {
        LOG.warning(() -> "callback of invocation " + id + " to " + url + " failed after " + attempt + " attempts (status " + code + ")");
      }
    });
  }
}
