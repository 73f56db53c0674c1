package dev.plat.docker.impl;

import dev.plat.docker.DockerException;
import dev.plat.docker.LogFrame;
import dev.plat.docker.LogStream;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * A {@link LogStream} over a logs response. Frames are decoded as chunks arrive and queued; the
 * response is paused whenever frames wait for demand (or for a handler), so back-pressure reaches
 * the daemon. Calls from another thread are moved onto the response's context (so from there, a
 * pause takes effect at once).
 */
public final class LogFrameStream implements LogStream {

  /** Content type of the output of a container with a TTY: raw bytes, no frames. */
  public static final String RAW_STREAM = "application/vnd.docker.raw-stream";

  private final Context context;
  private final HttpClientResponse response;
  private final Consumer<LogFrameStream> onFinish;
  private final LogFrameDecoder decoder;
  private final String dockerHost;
  private final ArrayDeque<LogFrame> pending = new ArrayDeque<>();
  private Handler<LogFrame> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;
  private long demand = Long.MAX_VALUE;
  private boolean ended;
  private boolean closed;
  private boolean released;
  private boolean delivering;

  /**
   * @param onFinish run once when the stream is finished (response ended or failed, or stream closed)
   */
  public LogFrameStream(HttpClientResponse response, String dockerHost, Consumer<LogFrameStream> onFinish) {
    this.context = Vertx.currentContext();
    this.response = response;
    this.onFinish = onFinish;
    this.dockerHost = dockerHost;
    String contentType = response.getHeader("Content-Type");
    this.decoder = contentType != null && contentType.startsWith(RAW_STREAM) ? null : new LogFrameDecoder();
    response.pause();
    response.handler(this::onChunk);
    response.endHandler(v -> {
      ended = true;
      deliver();
    });
    response.exceptionHandler(t -> {
      if (!closed) {
        closed = true;
        release();
        fail(DockerErrors.fromThrowable(t, dockerHost));
      }
    });
  }

  private void onChunk(Buffer chunk) {
    if (closed) {
      return;
    }
    try {
      if (decoder == null) {
        pending.add(new LogFrame(LogFrame.Stream.STDOUT, chunk.copy()));
      } else {
        decoder.feed(chunk, pending::add);
      }
    } catch (RuntimeException e) {
      fail(new DockerException(DockerException.NO_STATUS, "invalid log stream: " + e.getMessage(), e));
      close();
      return;
    }
    deliver();
  }

  private void deliver() {
    if (delivering || closed) {
      return;
    }
    delivering = true;
    try {
      while (!closed && handler != null && demand > 0 && !pending.isEmpty()) {
        if (demand != Long.MAX_VALUE) {
          demand--;
        }
        handler.handle(pending.poll());
      }
    } finally {
      delivering = false;
    }
    if (closed) {
      return;
    }
    if (ended && pending.isEmpty()) {
      release();
      if (endHandler != null) {
        closed = true;
        if (decoder != null && decoder.hasPartialFrame()) {
          fail(new DockerException(DockerException.NO_STATUS, "log stream ended inside a frame"));
        } else {
          endHandler.handle(null);
        }
      }
    } else if (!ended && handler != null && demand > 0 && pending.isEmpty()) {
      response.resume();
    } else if (!ended) {
      response.pause();
    }
  }

  private void fail(Throwable t) {
    Handler<Throwable> h = exceptionHandler;
    if (h != null) {
      h.handle(t);
    }
  }

  /** Runs {@code action} on the stream's context: now when already there, else as a task. */
  private LogStream onContext(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
    return this;
  }

  @Override
  public LogStream exceptionHandler(Handler<Throwable> handler) {
    return onContext(() -> this.exceptionHandler = handler);
  }

  @Override
  public LogStream handler(Handler<LogFrame> handler) {
    return onContext(() -> {
      this.handler = handler;
      deliver();
    });
  }

  @Override
  public LogStream pause() {
    return onContext(() -> {
      demand = 0;
      response.pause();
    });
  }

  @Override
  public LogStream resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public LogStream fetch(long amount) {
    if (amount < 0) {
      throw new IllegalArgumentException("negative fetch: " + amount);
    }
    return onContext(() -> {
      demand = Long.MAX_VALUE - demand < amount ? Long.MAX_VALUE : demand + amount;
      deliver();
    });
  }

  @Override
  public LogStream endHandler(Handler<Void> endHandler) {
    return onContext(() -> {
      this.endHandler = endHandler;
      deliver();
    });
  }

  /** @return {@code true} once the response ended, failed or the stream was closed */
  public boolean isFinished() {
    return released;
  }

  private void release() {
    if (!released) {
      released = true;
      onFinish.accept(this);
    }
  }

  @Override
  public Future<Void> close() {
    if (Vertx.currentContext() != context) {
      Promise<Void> promise = Promise.promise();
      context.runOnContext(v -> close().onComplete(promise));
      return promise.future();
    }
    if (closed) {
      return Future.succeededFuture();
    }
    closed = true;
    release();
    pending.clear();
    return response.request().reset().otherwise((Void) null);
  }
}
