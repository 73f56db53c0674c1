package dev.plat.gateway.async;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.function.LongSupplier;

/**
 * Runs one attempt of an invocation through this node's own gateway: {@code /function/{name}/...}
 * over loopback HTTP with the admin token. That is the synchronous path itself (front door, proxy,
 * limits, invocation queue, cold start, autoscaling), so an asynchronous call behaves exactly as a
 * synchronous one; the gateway strips the token before the function sees the request. The answer's
 * body is read up to {@code maxBodyBytes}; the rest is drained and counted as truncated, never held.
 */
public final class LoopbackCaller {
  private final HttpClient client;
  private final String host;
  private final int port;
  private final String authorization;
  private final long maxBodyBytes;
  private final long timeoutMs;
  private final LongSupplier clock;

  /**
   * @param client    to the gateway (TLS with trust-all when the gateway serves HTTPS: it is this node)
   * @param timeoutMs the longest an attempt may be silent; the function's own timeout normally ends it first
   */
  public LoopbackCaller(HttpClient client, String host, int port, String adminToken, long maxBodyBytes, long timeoutMs,
      LongSupplier clock) {
    this.client = client;
    this.host = host;
    this.port = port;
    this.authorization = "Bearer " + adminToken;
    this.maxBodyBytes = maxBodyBytes;
    this.timeoutMs = timeoutMs;
    this.clock = clock;
  }

  /** One attempt; fails only when no answer came (timeout, connection). */
  public Future<Attempt> call(AsyncInvocation invocation) {
    JsonObject request = invocation.request();
    String query = request.getString("query");
    String uri = "/function/" + invocation.function() + request.getString("path", "/")
      + (query == null || query.isEmpty() ? "" : "?" + query);
    RequestOptions options = new RequestOptions().setHost(host).setPort(port).setURI(uri)
      .setMethod(HttpMethod.valueOf(request.getString("method", "POST"))).setIdleTimeout(timeoutMs);
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    JsonArray pairs = invocation.headers();
    for (int i = 0; i < pairs.size(); i++) {
      headers.add(pairs.getJsonArray(i).getString(0), pairs.getJsonArray(i).getString(1));
    }
    headers.set(HttpHeaders.AUTHORIZATION, authorization);
    options.setHeaders(headers);
    byte[] body = Base64.getDecoder().decode(request.getString("body", ""));
    long started = clock.getAsLong();
    return client.request(options)
      .compose(req -> req.send(Buffer.buffer(body)))
      .compose(response -> read(response, started));
  }

  private Future<Attempt> read(HttpClientResponse response, long started) {
    Buffer kept = Buffer.buffer();
    boolean[] truncated = {false};
    response.handler(chunk -> {
      long room = maxBodyBytes - kept.length();
      if (chunk.length() <= room) {
        kept.appendBuffer(chunk);
      } else {
        if (room > 0) {
          kept.appendBuffer(chunk.getBuffer(0, (int) room));
        }
        truncated[0] = true;
      }
    });
    return response.end().map(v -> {
      JsonArray headers = new JsonArray();
      response.headers().forEach(h -> headers.add(new JsonArray().add(h.getKey()).add(h.getValue())));
      return new Attempt(response.statusCode(), headers, kept, truncated[0], clock.getAsLong() - started, null);
    });
  }
}
