package dev.plat.docker;

import io.vertx.core.Future;

/**
 * A live subscription to the daemon's events. It outlives dropped streams and daemon restarts:
 * the stream is opened again with a growing delay, asking for events {@code since} the last one
 * delivered, so none is missed and none already delivered is delivered again.
 */
public interface EventSubscription {

  /** @return how many times the stream was opened again after it dropped */
  int reconnects();

  /** @return {@code true} until {@link #close()} */
  boolean isActive();

  /** Stops the subscription: no event is delivered after the returned future completes. */
  Future<Void> close();
}
