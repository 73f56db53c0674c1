package dev.plat.proxy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A function instance that writes crafted bytes: a raw server on a unix socket that calls its
 * answer once per request head that arrives (requests without a body only), with the request's
 * number (1, 2, ...) across all connections, and counts what it sees.
 */
final class FakeFunction {
  /** Writes the answer to one request. */
  interface Answer {
    void answer(NetSocket socket, int request, String head);
  }

  final Path socket = Origin.newSocketPath();
  /** Connections accepted. */
  final AtomicInteger connections = new AtomicInteger();
  /** Request heads received. */
  final AtomicInteger requests = new AtomicInteger();
  /** Bytes received. */
  final AtomicInteger bytes = new AtomicInteger();
  /** Completes when a connection the proxy opened is closed (by either side). */
  final Promise<Void> closed = Promise.promise();

  static Future<FakeFunction> start(Vertx vertx, Answer answer) {
    FakeFunction fn = new FakeFunction();
    return vertx.createNetServer().connectHandler(so -> {
      fn.connections.incrementAndGet();
      so.closeHandler(v -> fn.closed.tryComplete());
      StringBuilder pending = new StringBuilder();
      so.handler(buf -> {
        fn.bytes.addAndGet(buf.length());
        pending.append(buf.toString(java.nio.charset.StandardCharsets.ISO_8859_1));
        int end;
        while ((end = pending.indexOf("\r\n\r\n")) >= 0) {
          String head = pending.substring(0, end + 4);
          pending.delete(0, end + 4);
          answer.answer(so, fn.requests.incrementAndGet(), head);
        }
      });
    }).listen(SocketAddress.domainSocketAddress(fn.socket.toString())).map(fn);
  }
}
