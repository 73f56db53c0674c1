package dev.plat.controller.impl;

import dev.plat.cluster.InstancePeer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The controller's requests to an instance's own process over its unix socket ({@code GET /_/health},
 * {@code POST /_/specialize}): one connection per request, whose peer is checked before a byte
 * is written ({@link InstancePeer}: the process at the other end must be in the instance's
 * container). The socket folder is the function's to write, so its {@code fn.sock} may be a link
 * to dockerd's socket or another instance's; a check on a separate connection would prove nothing
 * about the next one. Answers are read up to {@link #MAX_ANSWER} bytes, bodyless requests only.
 */
final class InstanceSocketClient {
  /** The most bytes of an answer (head and body) read; a longer answer fails. */
  static final int MAX_ANSWER = 64 * 1024;
  private static final String HOST = "localhost";

  /** An answer: its status and its body as text (both from at most {@link #MAX_ANSWER} bytes). */
  public record Answer(int status, String body) {
  }

  private final Vertx vertx;
  private final NetClient client;

  public InstanceSocketClient(Vertx vertx, int connectTimeoutMs) {
    this.vertx = vertx;
    this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(connectTimeoutMs));
  }

  /**
   * Sends {@code method path} (no body, {@code Connection: close}) to the process of container
   * {@code containerId} behind {@code socket}; fails when the peer is not that container's, when
   * no answer came within {@code timeoutMs}, or when the answer is not HTTP/1.x.
   */
  public Future<Answer> call(String socket, String containerId, String method, String path, long timeoutMs) {
    return client.connect(SocketAddress.domainSocketAddress(socket)).compose(so -> {
      if (!InstancePeer.belongsTo(((NetSocketInternal) so).channelHandlerContext().channel(), containerId)) {
        so.close();
        return Future.failedFuture("the process behind " + socket + " is not in container " + containerId
          + (vertx.isNativeTransportEnabled() ? "" : " (its peer can be checked on the native epoll transport only)"));
      }
      return exchange(so, method, path, timeoutMs);
    });
  }

  private Future<Answer> exchange(NetSocket so, String method, String path, long timeoutMs) {
    Promise<Answer> answer = Promise.promise();
    Buffer in = Buffer.buffer();
    long timer = vertx.setTimer(timeoutMs, id -> {
      answer.tryFail("no answer within " + timeoutMs + " ms");
      so.close();
    });
    answer.future().onComplete(ar -> vertx.cancelTimer(timer));
    so.handler(bytes -> {
      if (in.length() + bytes.length() > MAX_ANSWER) {
        answer.tryFail("an answer over " + MAX_ANSWER / 1024 + " KiB");
        so.close();
        return;
      }
      in.appendBuffer(bytes);
      Answer complete = parse(in, false);
      if (complete != null && answer.tryComplete(complete)) {
        so.close();
      }
    });
    so.closeHandler(v -> {
      Answer last = parse(in, true);
      if (last != null) {
        answer.tryComplete(last);
      } else {
        answer.tryFail(in.length() == 0 ? "the connection closed without an answer" : "an answer that is not HTTP/1.x");
      }
    });
    so.write(Buffer.buffer(method + " " + path + " HTTP/1.1\r\nHost: " + HOST
      + "\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"));
    return answer.future();
  }

  /**
   * The answer in {@code in} once complete (its Content-Length read, or {@code closed}), else null;
   * null also when its head is not an HTTP/1.x response head.
   */
  static Answer parse(Buffer in, boolean closed) {
    String text = in.toString(StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0 || !text.startsWith("HTTP/1.") || text.length() < 12 || text.charAt(8) != ' ') {
      return null;
    }
    int status;
    try {
      status = Integer.parseInt(text.substring(9, 12));
    } catch (NumberFormatException e) {
      return null;
    }
    long length = -1;
    for (String line : text.substring(0, end).split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
        try {
          length = Long.parseLong(line.substring(colon + 1).trim());
        } catch (NumberFormatException e) {
          return null;
        }
      }
    }
    String body = text.substring(end + 4);
    if (length >= 0 && body.length() >= length) {
      return new Answer(status, body.substring(0, (int) length));
    }
    return closed ? new Answer(status, body) : null;
  }

  public Future<Void> close() {
    return client.close();
  }
}
