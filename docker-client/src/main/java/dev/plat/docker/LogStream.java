package dev.plat.docker;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.streams.ReadStream;

/**
 * A container's output as frames, demultiplexed from the daemon's framed stream. Back-pressure is
 * honoured: a paused stream stops reading from the daemon. Nothing flows until a handler is set.
 * A followed stream ends when the container stops or when {@link #close()} is called.
 */
public interface LogStream extends ReadStream<LogFrame> {

  /** Stops reading and releases the connection; the end handler is not called. */
  Future<Void> close();

  @Override
  LogStream exceptionHandler(Handler<Throwable> handler);

  @Override
  LogStream handler(Handler<LogFrame> handler);

  @Override
  LogStream pause();

  @Override
  LogStream resume();

  @Override
  LogStream fetch(long amount);

  @Override
  LogStream endHandler(Handler<Void> endHandler);
}
