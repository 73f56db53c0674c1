package dev.plat.gateway.api;

import dev.plat.docker.LogStream;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Relays containers' log streams into one chunked {@code text/plain} response with back-pressure:
 * when the response's write queue is full every stream is paused until it drains. With a prefix
 * each line is written as {@code [prefix] line}. The response ends when every stream has ended;
 * when the client goes away every stream is closed.
 */
final class LogRelay {
  private static final Logger LOG = Logger.getLogger(LogRelay.class.getName());

  /** One container's stream and the prefix of its lines ({@code null} for none). */
  record Source(String prefix, LogStream stream) {
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
    response.drainHandler(v -> sources.forEach(s -> s.stream().resume()));
    if (sources.isEmpty()) {
      response.end();
      return;
    }
    response.writeHead();
    sources.forEach(this::relay);
  }

  private void relay(Source source) {
    LogStream stream = source.stream();
    LineSplitter splitter = source.prefix() == null ? null
      : new LineSplitter(line -> write(Buffer.buffer("[" + source.prefix() + "] ").appendBuffer(line)));
    stream.handler(frame -> {
      if (splitter == null) {
        write(frame.payload());
      } else {
        splitter.feed(frame.payload());
      }
    });
    stream.exceptionHandler(err -> {
      LOG.log(Level.FINE, "log stream failed", err);
      ended(splitter);
    });
    stream.endHandler(v -> ended(splitter));
  }

  private void write(Buffer data) {
    if (closed) {
      return;
    }
    response.write(data);
    if (response.writeQueueFull()) {
      sources.forEach(s -> s.stream().pause());
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
      sources.forEach(s -> s.stream().close());
    }
  }
}
