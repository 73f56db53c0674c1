package dev.plat.proxy.downstream;

import dev.plat.proxy.dispatch.Downstream;
import dev.plat.proxy.http1.ForwardedHeaders;
import dev.plat.proxy.http1.Forwarding;

import dev.plat.proxy.http1.RawResponse;
import dev.plat.proxy.http1.RequestEncoder;
import dev.plat.proxy.http1.HopHeaders;

import dev.plat.cluster.api.PlatError;
import io.netty.buffer.ByteBuf;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.internal.buffer.BufferInternal;

/** A {@link Downstream} over a Vert.x {@link HttpServerRequest} and its response. */
public final class VertxDownstream implements Downstream {
  private static final CharSequence REQUEST_ID =
    HttpHeaders.createOptimized(dev.plat.cluster.Names.Header.REQUEST_ID);

  private final HttpServerRequest req;
  private final HttpServerResponse resp;

  public VertxDownstream(HttpServerRequest req) {
    this.req = req;
    this.resp = req.response();
  }

  @Override
  public boolean holdBody() {
    return ErrorResponses.hasBody(req) || req.version() == HttpVersion.HTTP_2;
  }

  @Override
  public void pause() {
    req.pause();
  }

  @Override
  public void resume() {
    req.resume();
  }

  @Override
  public boolean isHead() {
    return req.method() == HttpMethod.HEAD;
  }

  @Override
  public boolean isIdempotent() {
    HttpMethod m = req.method();
    return m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS;
  }

  @Override
  public int encodeHead(ByteBuf out, String uri, boolean forward, String requestId, Forwarding forwardedBy) {
    boolean h2 = req.version() == HttpVersion.HTTP_2;
    return RequestEncoder.encode(out, req.method().name(), uri, req.headers(), forward,
      ForwardedHeaders.client(req.remoteAddress()), req.scheme(), requestId, forwardedBy, h2 && !req.isEnded(),
      h2 && req.authority() != null ? req.authority().toString() : null);
  }

  @Override
  public void bodyHandler(Listener listener) {
    req.handler(buffer -> listener.requestData(((BufferInternal) buffer).getByteBuf()));
    req.endHandler(v -> listener.requestEnded());
  }

  @Override
  public void writeContinue() {
    resp.writeContinue();
  }

  @Override
  public void closeHandler(Listener listener) {
    resp.closeHandler(v -> listener.clientClosed());
  }

  @Override
  public void head(RawResponse response, String requestId) {
    int status = response.status.code();
    resp.setStatusCode(status);
    resp.setStatusMessage(response.status.reasonPhrase());
    MultiMap out = resp.headers();
    HopHeaders.copy(response, out, response.lengthKnown());
    out.set(REQUEST_ID, requestId);
    if (!response.lengthKnown() && status != 204 && status != 304
        && req.method() != HttpMethod.HEAD && req.version() != HttpVersion.HTTP_1_0) {
      resp.setChunked(true);
    }
  }

  @Override
  public void write(ByteBuf data) {
    resp.write(BufferInternal.safeBuffer(data));
  }

  @Override
  public void end(ByteBuf last) {
    if (last.isReadable()) {
      resp.end(BufferInternal.safeBuffer(last));
    } else {
      last.release();
      resp.end();
    }
  }

  @Override
  public boolean writeQueueFull() {
    return resp.writeQueueFull();
  }

  @Override
  public void drainHandler(Listener listener) {
    resp.drainHandler(v -> listener.clientDrained());
  }

  @Override
  public void reset() {
    resp.reset();
  }

  @Override
  public boolean ended() {
    return resp.ended();
  }

  @Override
  public boolean headWritten() {
    return resp.headWritten();
  }

  @Override
  public int status() {
    return resp.getStatusCode();
  }

  @Override
  public void sendError(PlatError error, String requestId, String retryAfter) {
    ErrorResponses.send(req, error, requestId, retryAfter);
  }
}
