package dev.plat.docker;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A {@link ReadStream} over a buffer held in memory, emitted in chunks on a context and honouring
 * demand (pause/fetch), so a consumer's back-pressure can be observed: {@link #pauses()} counts how
 * often the consumer paused it.
 */
public final class BufferReadStream implements ReadStream<Buffer> {

  private final Context context;
  private final Buffer data;
  private final int chunkSize;
  private int position;
  private long demand = Long.MAX_VALUE;
  private int pauses;
  private boolean ended;
  private boolean scheduled;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;

  public BufferReadStream(Vertx vertx, Buffer data, int chunkSize) {
    if (chunkSize <= 0) {
      throw new IllegalArgumentException("chunkSize must be > 0");
    }
    this.context = vertx.getOrCreateContext();
    this.data = data;
    this.chunkSize = chunkSize;
  }

  /** @return how many times the consumer paused the stream */
  public int pauses() {
    return pauses;
  }

  /** @return how many bytes were emitted */
  public int emitted() {
    return position;
  }

  private void schedule() {
    if (!scheduled) {
      scheduled = true;
      context.runOnContext(v -> {
        scheduled = false;
        emit();
      });
    }
  }

  private void emit() {
    while (handler != null && demand > 0 && position < data.length()) {
      int end = Math.min(data.length(), position + chunkSize);
      Buffer chunk = data.getBuffer(position, end);
      position = end;
      if (demand != Long.MAX_VALUE) {
        demand--;
      }
      handler.handle(chunk);
    }
    if (position == data.length() && !ended && handler != null && demand > 0) {
      ended = true;
      if (endHandler != null) {
        endHandler.handle(null);
      }
    }
  }

  @Override
  public BufferReadStream exceptionHandler(Handler<Throwable> handler) {
    return this;
  }

  @Override
  public BufferReadStream handler(Handler<Buffer> handler) {
    this.handler = handler;
    schedule();
    return this;
  }

  @Override
  public BufferReadStream pause() {
    pauses++;
    demand = 0;
    return this;
  }

  @Override
  public BufferReadStream resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public BufferReadStream fetch(long amount) {
    demand = Long.MAX_VALUE - demand < amount ? Long.MAX_VALUE : demand + amount;
    schedule();
    return this;
  }

  @Override
  public BufferReadStream endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    return this;
  }
}
