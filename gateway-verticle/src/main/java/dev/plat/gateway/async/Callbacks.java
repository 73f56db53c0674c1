package dev.plat.gateway.async;

import io.vertx.core.Future;

/**
 * Where finished invocations' callbacks go ({@link CallbackSender}): an {@link AttemptRunner}
 * hands over the callback of an invocation it finished, a {@link CallbackReaper} the ones it took
 * over; both ask it what it is sending and whether it has room.
 */
public interface Callbacks {
  /** Starts delivering the pending callback of {@code invocation}, stored and claimed by this node. */
  Future<CallbackSender.Outcome> send(AsyncInvocation invocation);

  /** Whether this node is delivering the callback of {@code id} now. */
  boolean sending(String id);

  /** Whether this node may start another delivery. */
  boolean hasRoom();
}
