package dev.plat.proxy.downstream;

import dev.plat.proxy.dispatch.Downstream;
import dev.plat.proxy.http1.Forwarding;

import dev.plat.proxy.http1.RawRequest;
import dev.plat.proxy.http1.RawResponse;
import dev.plat.proxy.http1.RequestEncoder;
import dev.plat.proxy.http1.ResponseHead;

import dev.plat.cluster.api.PlatError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * One exchange of a {@link FastPath} connection as a {@link Downstream}: the request as the fast path
 * read it ({@link RawRequest}), the response written as bytes (the head copied from the function's
 * header lines, body buffers passed on as they are, re-framed when chunked). Request body pieces
 * that arrive while the invocation holds the body wait here, with the connection's reading paused.
 */
final class RawDownstream implements Downstream {
  private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] LAST_CHUNK = {'0', '\r', '\n', '\r', '\n'};
  private static final String JSON = "application/json";
  /** A body of up to this many bytes, known from Content-Length, goes out in the head's buffer: one write, not two. */
  private static final int MERGE_MAX = 2048;

  private final FastPath fast;
  private final ChannelHandlerContext out;
  private final RawRequest request;
  private final boolean http10;
  private final boolean announcedBody;
  private boolean keepAlive;
  private ArrayDeque<HttpContent> pending;
  /** Where the body goes, once the invocation reads it. */
  private Listener reader;
  /** The empty end of the body came before anyone read it. */
  private boolean endPending;
  private boolean paused;
  private boolean requestEnded;
  private Listener onClose;
  private Listener onDrain;
  private boolean headWritten;
  /** The response head, kept back for a small body to join it (see {@link #MERGE_MAX}). */
  private ByteBuf heldHead;
  private boolean ended;
  private boolean chunked;
  private int status = 200;

  RawDownstream(FastPath fast, RawRequest request) {
    this.fast = fast;
    this.out = fast.out;
    this.request = request;
    this.http10 = request.http10;
    this.keepAlive = request.keepAlive;
    this.announcedBody = request.body();
  }

  boolean announcesBody() {
    return announcedBody;
  }

  boolean paused() {
    return paused;
  }

  /** A piece of the request body from the connection (ownership passes). */
  void received(HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    if (last) {
      requestEnded = true;
    }
    if (ended || !content.content().isReadable()) {
      content.release();
      if (last && !ended) {
        if (reader != null && !paused && (pending == null || pending.isEmpty())) {
          reader.requestEnded();
        } else {
          endPending = true;
        }
      }
      return;
    }
    if (reader == null || paused || (pending != null && !pending.isEmpty())) {
      if (pending == null) {
        pending = new ArrayDeque<>(4);
      }
      pending.add(content);
      return;
    }
    pass(content);
  }

  private void pass(HttpContent content) {
    reader.requestData(content.content());
    if (content instanceof LastHttpContent) {
      reader.requestEnded();
    }
  }

  // The request.

  @Override
  public boolean holdBody() {
    return announcedBody;
  }

  @Override
  public void pause() {
    paused = true;
    fast.autoRead();
  }

  @Override
  public void resume() {
    paused = false;
    if (reader != null) {
      HttpContent content;
      while (pending != null && !paused && !ended && (content = pending.poll()) != null) {
        pass(content);
      }
      if (endPending && !paused && !ended && (pending == null || pending.isEmpty())) {
        endPending = false;
        reader.requestEnded();
      }
    }
    fast.autoRead();
  }

  @Override
  public boolean isHead() {
    return request.method == HttpMethod.HEAD;
  }

  @Override
  public boolean isIdempotent() {
    HttpMethod m = request.method;
    return m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS;
  }

  @Override
  public int encodeHead(ByteBuf buf, String uri, boolean forward, String requestId, Forwarding forwardedBy) {
    return RequestEncoder.encode(buf, request.method.name(), uri, request.headers(), request.connection, forward,
      fast.clientAddress(), "http", requestId, forwardedBy, false, null);
  }

  @Override
  public void bodyHandler(Listener listener) {
    this.reader = listener;
  }

  @Override
  public void writeContinue() {
    if (!headWritten && !ended) {
      out.writeAndFlush(Unpooled.wrappedBuffer(CONTINUE), out.voidPromise());
    }
  }

  // The response.

  @Override
  public void closeHandler(Listener listener) {
    this.onClose = listener;
  }

  /** The connection closed. */
  void closed() {
    releasePending();
    releaseHead();
    Listener l = onClose;
    if (l != null && !ended) {
      ended = true;
      l.clientClosed();
    }
    ended = true;
  }

  @Override
  public void head(RawResponse response, String requestId) {
    status = response.status.code();
    boolean bodyless = isHead() || status == 204 || status == 304;
    boolean lengthKnown = response.lengthKnown();
    boolean merge = !bodyless && lengthKnown && response.contentLength > 0 && response.contentLength <= MERGE_MAX;
    ByteBuf buf = out.alloc().ioBuffer(512 + (merge ? (int) response.contentLength : 0));
    ResponseHead.encode(buf, response, !lengthKnown);
    if (!bodyless && !lengthKnown) {
      if (http10) {
        keepAlive = false;  // the end of the body is the end of the connection
      } else {
        chunked = true;
      }
    }
    ResponseHead.tail(buf, requestId, chunked, connection());
    if (merge) {
      heldHead = buf;
    } else {
      out.write(buf, out.voidPromise());
    }
    headWritten = true;
  }

  /** Writes the held head, if any. */
  private void writeHead() {
    ByteBuf head = heldHead;
    if (head != null) {
      heldHead = null;
      out.write(head, out.voidPromise());
    }
  }

  private void releaseHead() {
    ByteBuf head = heldHead;
    if (head != null) {
      heldHead = null;
      head.release();
    }
  }

  private ResponseHead.Connection connection() {
    return !keepAlive ? ResponseHead.Connection.CLOSE
      : http10 ? ResponseHead.Connection.KEEP_ALIVE : ResponseHead.Connection.NONE;
  }

  @Override
  public void write(ByteBuf bytes) {
    if (ended) {
      bytes.release();
      return;
    }
    piece(bytes);
    out.flush();
  }

  private void piece(ByteBuf bytes) {
    ByteBuf head = heldHead;
    if (head != null) {
      heldHead = null;
      head.writeBytes(bytes);  // the whole body (MERGE_MAX), or its first part: the rest follows on its own
      bytes.release();
      out.write(head, out.voidPromise());
      return;
    }
    if (chunked) {
      ByteBuf size = out.alloc().ioBuffer(12);
      ByteBufUtil.writeAscii(size, Integer.toHexString(bytes.readableBytes()));
      size.writeBytes(ResponseHead.CRLF);
      out.write(size, out.voidPromise());
      out.write(bytes, out.voidPromise());
      out.write(Unpooled.wrappedBuffer(ResponseHead.CRLF), out.voidPromise());
    } else {
      out.write(bytes, out.voidPromise());
    }
  }

  @Override
  public void end(ByteBuf last) {
    if (ended) {
      last.release();
      return;
    }
    if (last.isReadable()) {
      piece(last);
    } else {
      last.release();
      writeHead();
    }
    if (chunked) {
      out.write(Unpooled.wrappedBuffer(LAST_CHUNK), out.voidPromise());
    }
    complete();
  }

  /** The response is complete: flushed, then the connection goes on or closes. */
  private void complete() {
    ended = true;
    if (keepAlive) {
      out.flush();
      fast.ended(this);
    } else {
      closeAfterFlush();
    }
  }

  /** Flushes what was written, then closes the connection; nothing more is read. */
  void closeAfterFlush() {
    fast.stopReading();
    releasePending();
    writeHead();
    out.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
  }

  private void releasePending() {
    if (pending != null) {
      HttpContent content;
      while ((content = pending.poll()) != null) {
        content.release();
      }
    }
  }

  @Override
  public boolean writeQueueFull() {
    return !out.channel().isWritable();
  }

  @Override
  public void drainHandler(Listener listener) {
    this.onDrain = listener;
  }

  /** The connection can take more again. */
  void drained() {
    Listener l = onDrain;
    if (l != null && !ended) {
      l.clientDrained();
    }
  }

  @Override
  public void reset() {
    ended = true;
    fast.stopReading();
    releasePending();
    releaseHead();
    out.channel().close();
  }

  @Override
  public boolean ended() {
    return ended;
  }

  @Override
  public boolean headWritten() {
    return headWritten;
  }

  @Override
  public int status() {
    return status;
  }

  @Override
  public void sendError(PlatError error, String requestId, String retryAfter) {
    if (ended) {
      return;
    }
    if (headWritten) {
      reset();
      return;
    }
    status = error.status();
    if (announcedBody && !requestEnded) {
      keepAlive = false;  // the rest of the body is not read for nothing
    }
    byte[] json = error.toJson().encode().getBytes(StandardCharsets.UTF_8);
    ByteBuf buf = out.alloc().ioBuffer(256 + json.length);
    buf.writeBytes(ResponseHead.statusLine(HttpResponseStatus.valueOf(status)));
    ResponseHead.header(buf, "content-type", JSON);
    ResponseHead.header(buf, "content-length", Integer.toString(json.length));
    if (status == 429 && retryAfter != null) {
      ResponseHead.header(buf, "retry-after", retryAfter);
    }
    if (status == 401) {
      ResponseHead.header(buf, "www-authenticate", "Bearer realm=\"plat\"");
    }
    ResponseHead.tail(buf, requestId, false, connection());
    buf.writeBytes(json);
    headWritten = true;
    out.write(buf, out.voidPromise());
    complete();
  }
}
