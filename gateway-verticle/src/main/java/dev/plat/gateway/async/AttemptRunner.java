package dev.plat.gateway.async;

import io.vertx.core.Future;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Runs one attempt of an invocation this node claimed and stores its outcome: the {@link
 * RetryPolicy} decides succeeded, failed, or queued again after the back-off, written by
 * compare-and-set over the claimed record. A write refused because the record moved on (another
 * node reaped it) drops this node's outcome. A finished invocation with a callback URL is stored
 * with its callback pending and claimed by this node, then handed to {@link Callbacks}. The
 * {@link AsyncWorker.Listener} hears of retries and ends. Use from one context.
 */
final class AttemptRunner {
  private static final Logger LOG = Logger.getLogger(AttemptRunner.class.getName());

  private final InvocationStore store;
  private final Function<AsyncInvocation, Future<Attempt>> caller;
  private final RetryPolicy policy;
  private final LongSupplier clock;
  private final Callbacks callbacks;
  private final AsyncWorker.Listener listener;

  /**
   * @param caller    runs one attempt (the same path as a synchronous call)
   * @param callbacks sends the callbacks of the invocations this node finished
   */
  AttemptRunner(InvocationStore store, Function<AsyncInvocation, Future<Attempt>> caller, RetryPolicy policy,
      LongSupplier clock, Callbacks callbacks, AsyncWorker.Listener listener) {
    this.store = store;
    this.caller = caller;
    this.policy = policy;
    this.clock = clock;
    this.callbacks = callbacks;
    this.listener = listener;
  }

  /**
   * Calls {@code mine} (claimed, running) once; a call that failed counts as an attempt without an
   * answer. Completes once the outcome is stored or dropped; fails when the store failed.
   */
  Future<Void> run(AsyncInvocation mine) {
    long started = clock.getAsLong();
    return caller.apply(mine)
      .recover(e -> Future.succeededFuture(Attempt.noAnswer(String.valueOf(e.getMessage()), clock.getAsLong() - started)))
      .compose(outcome -> settle(mine, outcome));
  }

  private Future<Void> settle(AsyncInvocation mine, Attempt outcome) {
    long now = clock.getAsLong();
    RetryPolicy.Verdict verdict = policy.after(mine.attempts(), outcome.status());
    AsyncInvocation next = switch (verdict) {
      case SUCCEEDED -> mine.finished(AsyncInvocation.SUCCEEDED, now, outcome.toJson());
      case FAILED -> mine.finished(AsyncInvocation.FAILED, now, outcome.toJson());
      case RETRY -> mine.requeued(now, now + policy.delayMs(mine.attempts()), outcome.toJson());
    };
    return store.replace(mine, next).map(won -> {
      if (!won) {
        LOG.info(() -> "invocation " + mine.id() + " moved on while this node ran it (reaped); outcome dropped");
      } else if (verdict == RetryPolicy.Verdict.RETRY) {
        listener.retried(next);
      } else {
        listener.finished(next);
        if (next.callbackPending()) {
          callbacks.send(next);
        }
      }
      return null;
    });
  }
}
