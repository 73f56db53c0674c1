package dev.plat.proxy.upstream;

import dev.plat.proxy.http1.RawResponse;

import io.netty.handler.codec.http.HttpContent;

/** One request/response over an {@link UpstreamConnection}; every call comes on the connection's event loop. */
public interface Exchange {

  /** A connection is ready for this exchange. */
  void connected(UpstreamConnection connection);

  /** No connection could be made; nothing was sent. */
  void connectFailed(Throwable cause);

  /** The response head (also for 1xx informational responses). */
  void head(RawResponse response);

  /** A piece of the response body, to release; a {@code LastHttpContent} ends it. */
  void content(HttpContent content);

  /** The connection closed or failed before the response ended. */
  void closed(Throwable cause);

  /** The connection can take more request body again. */
  void writable();

  /** Whether it no longer needs the connection it waits for (timed out, client gone). */
  boolean abandoned();
}
