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
import java.util.HashSet;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Delivers the callbacks of finished invocations: POSTs the result to its {@code X-Callback-Url}:
 * {@code id, function, state, attempts, status, headers, body, bodyEncoding, truncated, durationMs}.
 * Retried like an invocation ({@link RetryPolicy}: 5xx, 429, no answer), each try bounded by a
 * timeout, all on timers of their own: a slow or dead callback never holds a worker slot, so it never
 * blocks the queue. Before each try the {@link CallbackGuard} checks the URL again (its host may
 * resolve elsewhere by now): a refused one is not sent, nor tried again. A try connects to the
 * address the guard checked and follows no redirect.
 *
 * <p>Durable: the record's {@code callback} ({@link AsyncInvocation#callback()}) says where the
 * delivery is. It is pending and claimed by this node's member when it gets here; each try is
 * recorded by a compare-and-set ({@code attempts}, {@code status}, then {@code delivered}, {@code
 * failed} or {@code refused}). A record that moved on (another node took the callback over, or it
 * expired) or could not be written ends the delivery here. What this node does not finish stays
 * pending: the reaper ({@link CallbackReaper}) sends it from a node still alive, or from
 * this one when it has room again. At most {@code maxPending} callbacks are in flight on this node;
 * beyond that one waits, pending, for a later reap. At-least-once: a node that dies after a send and
 * before recording it makes another node send it again. Use from one context.
 */
public final class CallbackSender implements Callbacks {
  private static final Logger LOG = Logger.getLogger(CallbackSender.class.getName());

  private final Vertx vertx;
  private final HttpClient client;
  private final RetryPolicy policy;
  private final CallbackGuard guard;
  private final InvocationStore store;
  private final LongSupplier clock;
  private final long timeoutMs;
  private final int maxPending;
  /** The invocations whose callback this node is delivering now. */
  private final Set<String> sending = new HashSet<>();

  public CallbackSender(Vertx vertx, HttpClient client, RetryPolicy policy, CallbackGuard guard, InvocationStore store,
                        LongSupplier clock, long timeoutMs, int maxPending) {
    this.vertx = vertx;
    this.client = client;
    this.policy = policy;
    this.guard = guard;
    this.store = store;
    this.clock = clock;
    this.timeoutMs = timeoutMs;
    this.maxPending = maxPending;
  }

  /** How a delivery ended on this node. */
  public enum Outcome {
    /** Nothing to send: no callback URL, or the callback is not pending. */
    NONE,
    /** Answered below 400. */
    DELIVERED,
    /** No try was answered well enough. */
    FAILED,
    /** The guard refused its URL at send time. */
    REFUSED,
    /** Not started: too many in flight here, or already in flight; it stays pending for a later reap. */
    DEFERRED,
    /** The record moved on or could not be written: this node stopped; it stays with whoever has it. */
    STOPPED
  }

  @Override
  public boolean hasRoom() {
    return sending.size() < maxPending;
  }

  @Override
  public boolean sending(String id) {
    return sending.contains(id);
  }

  /**
   * Starts delivering the callback of {@code invocation}: a stored, finished record whose callback is
   * pending and claimed by this node. @return how the delivery ended here
   */
  @Override
  public Future<Outcome> send(AsyncInvocation invocation) {
    String id = invocation.id();
    if (invocation.callbackUrl() == null || !invocation.callbackPending()) {
      return Future.succeededFuture(Outcome.NONE);
    }
    if (sending.contains(id)) {
      return Future.succeededFuture(Outcome.DEFERRED);
    }
    if (!hasRoom()) {
      LOG.warning(() -> "callback of invocation " + id + " waits: " + sending.size() + " callbacks in flight here");
      return Future.succeededFuture(Outcome.DEFERRED);
    }
    sending.add(id);
    Buffer payload = payload(invocation).toBuffer();
    Promise<Outcome> outcome = Promise.promise();
    attempt(invocation, payload, outcome);
    return outcome.future().onComplete(ar -> sending.remove(id));
  }

  static JsonObject payload(AsyncInvocation invocation) {
    JsonObject result = invocation.result() == null ? new JsonObject() : invocation.result();
    return new JsonObject().put("id", invocation.id()).put("function", invocation.function())
      .put("state", invocation.state()).put("attempts", invocation.attempts()).mergeIn(result);
  }

  /** One try, made from {@code current} (the stored record), then recorded; the next after the back-off. */
  private void attempt(AsyncInvocation current, Buffer payload, Promise<Outcome> outcome) {
    String id = current.id();
    String url = current.callbackUrl();
    int attempt = current.callbackAttempts() + 1;
    guard.check(url).onComplete(checked -> {
      if (checked.failed()) {
        LOG.warning(() -> "callback of invocation " + id + " not sent: " + checked.cause().getMessage());
        record(current, current.callbackTried(null, AsyncInvocation.REFUSED, clock.getAsLong()))
          .onComplete(written -> outcome.complete(Outcome.REFUSED));
        return;
      }
      send(checked.result(), payload).otherwise(RetryPolicy.NO_ANSWER).onSuccess(code -> {
        RetryPolicy.Verdict verdict = policy.after(attempt, code);
        String state = switch (verdict) {
          case RETRY -> AsyncInvocation.PENDING;
          case FAILED -> AsyncInvocation.FAILED;
          case SUCCEEDED -> AsyncInvocation.DELIVERED;
        };
        AsyncInvocation next = current.callbackTried(code, state, clock.getAsLong());
        record(current, next).onComplete(written -> {
          if (!Boolean.TRUE.equals(written.result())) {
            outcome.complete(Outcome.STOPPED);
          } else if (verdict == RetryPolicy.Verdict.RETRY) {
            vertx.setTimer(policy.delayMs(attempt), t -> attempt(next, payload, outcome));
          } else if (verdict == RetryPolicy.Verdict.FAILED) {
            LOG.warning(() -> "callback of invocation " + id + " to " + url + " failed after " + attempt + " attempts (status " + code + ")");
            outcome.complete(Outcome.FAILED);
          } else {
            outcome.complete(Outcome.DELIVERED);
          }
        });
      });
    });
  }

  /** The compare-and-set of one try's record; false (logged) when it did not apply. */
  private Future<Boolean> record(AsyncInvocation current, AsyncInvocation next) {
    return store.replace(current, next).otherwise(e -> {
      LOG.warning(() -> "callback of invocation " + current.id() + ": its state could not be stored: " + e);
      return false;
    }).onSuccess(won -> {
      if (!won) {
        LOG.info(() -> "callback of invocation " + current.id() + " moved on (another node took it over, or it expired)");
      }
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
