package dev.plat.gateway.async;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.util.logging.Logger;

/**
 * POSTs a finished invocation's result to its {@code X-Callback-Url}: {@code id, function, state,
 * attempts, status, headers, body, bodyEncoding, truncated, durationMs}. Retried like an invocation
 * ({@link RetryPolicy}: 5xx, 429, no answer), each try bounded by a timeout, all on timers of their
 * own: a slow or dead callback never holds a worker slot, so it never blocks the queue. At most
 * {@code maxPending} callbacks are in flight; beyond that a callback is dropped and logged. Before
 * each try the {@link CallbackGuard} checks the URL again (its host may resolve elsewhere by now):
 * a refused one is not sent, nor tried again. A try connects to the address the guard checked and
 * follows no redirect.
 * Callbacks live in this node's memory only: a node that dies loses its pending callbacks (the
 * result stays readable by the API).
 */
public final class CallbackSender {
  private static final Logger LOG = Logger.getLogger(CallbackSender.class.getName());

  private final Vertx vertx;
  private final HttpClient client;
  private final RetryPolicy policy;
  private final CallbackGuard guard;
  private final long timeoutMs;
  private final int maxPending;
  private int pending;

  public CallbackSender(Vertx vertx, HttpClient client, RetryPolicy policy, CallbackGuard guard, long timeoutMs,
                        int maxPending) {
    this.vertx = vertx;
    this.client = client;
    this.policy = policy;
    this.guard = guard;
    this.timeoutMs = timeoutMs;
    this.maxPending = maxPending;
  }

  /** How a callback ended. */
  public enum Outcome {
    /** No callback URL. */
    NONE,
    /** Answered 2xx (or another final status). */
    DELIVERED,
    /** No try was answered well enough. */
    FAILED,
    /** The guard refused its URL at send time. */
    REFUSED,
    /** Too many callbacks pending on this node. */
    DROPPED
  }

  /** Starts delivering the result of {@code invocation} when it has a callback URL. @return how it ended */
  public Future<Outcome> send(AsyncInvocation invocation) {
    String url = invocation.callbackUrl();
    if (url == null) {
      return Future.succeededFuture(Outcome.NONE);
    }
    if (pending >= maxPending) {
      LOG.warning(() -> "callback of invocation " + invocation.id() + " dropped: " + pending + " callbacks pending");
      return Future.succeededFuture(Outcome.DROPPED);
    }
    pending++;
    Buffer payload = payload(invocation).toBuffer();
    Promise<Outcome> outcome = Promise.promise();
    attempt(invocation.id(), url, payload, 1, outcome);
    return outcome.future().onComplete(ar -> pending--);
  }

  static JsonObject payload(AsyncInvocation invocation) {
    JsonObject result = invocation.result() == null ? new JsonObject() : invocation.result();
    return new JsonObject().put("id", invocation.id()).put("function", invocation.function())
      .put("state", invocation.state()).put("attempts", invocation.attempts()).mergeIn(result);
  }

  private void attempt(String id, String url, Buffer payload, int attempt, Promise<Outcome> outcome) {
    guard.check(url).onComplete(checked -> {
      if (checked.failed()) {
        LOG.warning(() -> "callback of invocation " + id + " not sent: " + checked.cause().getMessage());
        outcome.complete(Outcome.REFUSED);
        return;
      }
      send(checked.result(), payload).otherwise(RetryPolicy.NO_ANSWER).onSuccess(code -> {
        RetryPolicy.Verdict verdict = policy.after(attempt, code);
        if (verdict == RetryPolicy.Verdict.RETRY) {
          vertx.setTimer(policy.delayMs(attempt), t -> attempt(id, url, payload, attempt + 1, outcome));
          return;
        }
        if (verdict == RetryPolicy.Verdict.FAILED) {
          LOG.warning(() -> "callback of invocation " + id + " to " + url + " failed after " + attempt + " attempts (status " + code + ")");
          outcome.complete(Outcome.FAILED);
        } else {
          outcome.complete(Outcome.DELIVERED);
        }
      });
    });
  }

  /** One POST to the checked address (by name when the name itself is allowed); no redirect followed. */
  private Future<Integer> send(CallbackGuard.Target target, Buffer payload) {
    try {
      RequestOptions options = new RequestOptions().setAbsoluteURI(target.uri().toString()).setMethod(HttpMethod.POST)
        .setFollowRedirects(false).setTimeout(timeoutMs).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
      if (target.address() != null) {
        options.setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()));
      }
      return client.request(options).compose(req -> req.send(payload))
        .compose(response -> response.body().map(ignored -> response.statusCode()));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
