package dev.plat.cluster.testing;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.Supplier;

/**
 * Starts a chain of Vert.x calls from a test thread on one context, so that every stage of it is
 * added on that context before the future it waits for can complete.
 *
 * <p>Why: a stage added from a test thread to a future that has already completed is posted to the
 * future's context and runs later. For {@code client.request(o).compose(req -> req.send())
 * .compose(resp -> resp.body())} built on the test thread, the response can then be delivered, and
 * a small body and its end with it, before {@code body()} sets its handlers: they are dropped and
 * the body's future never completes (vert.x issues 5825, 6038). Started inside
 * {@link Context#runOnContext}, the whole chain is wired in one task on the context's event loop
 * and the response is handed to it before anything else of the connection happens there.
 *
 * <pre>{@code
 * Context context = vertx.getOrCreateContext();   // once, from the test thread
 * Buffer body = await(OnContext.run(context, () -> client.request(options)
 *   .compose(req -> req.send()).compose(resp -> resp.body())));
 * }</pre>
 */
public final class OnContext {
  private OnContext() {
  }

  /** Runs {@code chain} on {@code context}; the returned future completes with the chain's outcome. */
  public static <T> Future<T> run(Context context, Supplier<Future<T>> chain) {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> {
      Future<T> future;
      try {
        future = chain.get();
      } catch (RuntimeException e) {
        result.fail(e);
        return;
      }
      future.onComplete(result);
    });
    return result.future();
  }
}
