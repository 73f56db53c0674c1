package dev.plat.gateway.api;

import dev.plat.docker.LogStream;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.streams.ReadStream;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Relays log streams (containers of this node, other nodes' {@link NodeLogsHandler}) into one
 * chunked {@code text/plain} response with back-pressure: when the response's write queue is full
 * every stream is paused until it drains. With a prefix each line is written as {@code [prefix] line};
 * a stream whose lines carry a prefix already may have it taken off. The response ends when every
 * stream has ended; when the client goes away every stream is closed.
 */
final class LogRelay {
  private static final Logger LOG = Logger.getLogger(LogRelay.class.getName());

  /**
   * One stream of log text.
   *
   * @param prefix what each line gets in brackets; {@code null} for none
   * @param strip  each line starts with {@code [something] } already: taken off
   * @param data   the text
   * @param close  stops reading it (its end handler is then not called)
   */
  record Source(String prefix, boolean strip, ReadStream<Buffer> data, Supplier<Future<Void>> close) {

    /** A container's output, its frames' payloads. */
    static Source of(String prefix, LogStream stream) {
      return new Source(prefix, false, new Payloads(stream), stream::close);
    }

    Source withPrefix(String prefix) {
      return new Source(prefix, strip, data, close);
    }

    Source stripped() {
      return new Source(prefix, true, data, close);
    }

    void closeQuietly() {
      close.get();
    }
  }

  private final HttpServerResponse response;
  private final List<Source> sources;
  private int open;
  private boolean closed;

  LogRelay(HttpServerResponse response, List<Source> sources) {
    this.response = response;
    this.sources = sources;
    this.open = sources.size();
  }

  void start() {
    response.setStatusCode(200).setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, Responses.TEXT)
      .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
    response.closeHandler(v -> closeAll());
    response.drainHandler(v -> sources.forEach(s -> s.data().resume()));
    if (sources.isEmpty()) {
      response.end();
      return;
    }
    response.writeHead();
    sources.forEach(this::relay);
  }

  private void relay(Source source) {
    ReadStream<Buffer> stream = source.data();
    LineSplitter splitter = source.prefix() == null && !source.strip() ? null
      : new LineSplitter(line -> write(source.strip() ? stripped(line, source.prefix()) : prefixed(line, source.prefix())));
    stream.handler(data -> {
      if (splitter == null) {
        write(data);
      } else {
        splitter.feed(data);
      }
    });
    stream.exceptionHandler(err -> {
      LOG.log(Level.FINE, "log stream failed", err);
      ended(splitter);
    });
    stream.endHandler(v -> ended(splitter));
    stream.resume();
  }

  private static Buffer prefixed(Buffer line, String prefix) {
    return prefix == null ? line : Buffer.buffer("[" + prefix + "] ").appendBuffer(line);
  }

  /** {@code line} without its leading {@code [something] }, then with {@code prefix}. */
  private static Buffer stripped(Buffer line, String prefix) {
    if (line.length() > 0 && line.getByte(0) == '[') {
      for (int i = 1; i + 1 < line.length(); i++) {
        if (line.getByte(i) == ']' && line.getByte(i + 1) == ' ') {
          return prefixed(line.slice(i + 2, line.length()), prefix);
        }
      }
    }
    return prefixed(line, prefix);
  }

  private void write(Buffer data) {
    if (closed) {
      return;
    }
    response.write(data);
    if (response.writeQueueFull()) {
      sources.forEach(s -> s.data().pause());
    }
  }

  private void ended(LineSplitter splitter) {
    if (splitter != null) {
      splitter.flush();
    }
    if (--open == 0 && !closed) {
      closed = true;
      response.end();
    }
  }

  private void closeAll() {
    if (!closed) {
      closed = true;
      sources.forEach(Source::closeQuietly);
    }
  }

  /** A container's log frames as their payloads. */
  private static final class Payloads implements ReadStream<Buffer> {
    private final LogStream frames;

    Payloads(LogStream frames) {
      this.frames = frames;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
      frames.exceptionHandler(handler);
      return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
      frames.handler(handler == null ? null : frame -> handler.handle(frame.payload()));
      return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
      frames.pause();
      return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
      frames.resume();
      return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
      frames.fetch(amount);
      return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> handler) {
      frames.endHandler(handler);
      return this;
    }
  }
}
