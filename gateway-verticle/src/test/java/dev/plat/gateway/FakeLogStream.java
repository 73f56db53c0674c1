package dev.plat.gateway;

import dev.plat.docker.LogFrame;
import dev.plat.docker.LogStream;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;

/** A container's log stream driven by the test: {@link #emit} frames, {@link #end} it, see {@link #whenClosed}. */
final class FakeLogStream implements LogStream {
  private final Context context;
  private Handler<LogFrame> handler;
  private Handler<Void> endHandler;
  private final Promise<Void> closed = Promise.promise();

  FakeLogStream(Context context) {
    this.context = context;
  }

  void emit(String text) {
    context.runOnContext(v -> handler.handle(new LogFrame(LogFrame.Stream.STDOUT, Buffer.buffer(text))));
  }

  /** Completes when the gateway closed this stream. */
  Future<Void> whenClosed() {
    return closed.future();
  }

  void end() {
    context.runOnContext(v -> endHandler.handle(null));
  }

  @Override
  public Future<Void> close() {
    closed.tryComplete();
    return Future.succeededFuture();
  }

  @Override
  public LogStream exceptionHandler(Handler<Throwable> handler) {
    return this;
  }

  @Override
  public LogStream handler(Handler<LogFrame> handler) {
    this.handler = handler;
    return this;
  }

  @Override
  public LogStream pause() {
    return this;
  }

  @Override
  public LogStream resume() {
    return this;
  }

  @Override
  public LogStream fetch(long amount) {
    return this;
  }

  @Override
  public LogStream endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    return this;
  }
}
