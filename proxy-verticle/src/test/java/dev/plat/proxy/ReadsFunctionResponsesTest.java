package dev.plat.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.plat.cluster.Route;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What the proxy reads off a function's socket, bytes as a function writes them: a small body in
 * two parts, a body that ends with the connection, an interim 100 before the answer, chunks with extensions and trailers, a
 * head it refuses (502, JSON) and a broken chunk (the client's connection closes).
 */
class ReadsFunctionResponsesTest extends ProxyTestBase {

  /** A function that answers every request with {@code answer}, then closes when {@code close}. */
  private Future<Void> rawFunction(String name, String answer, boolean close) {
    return function(name, so -> so.write(Buffer.buffer(answer)).onComplete(v -> {
      if (close) {
        so.close();
      }
    }));
  }

  /** A function that writes {@code first}, then {@code rest} 100 ms later, for every request. */
  private Future<Void> slowFunction(String name, String first, String rest) {
    return function(name, so -> {
      so.write(Buffer.buffer(first));
      vertx.setTimer(100, t -> so.write(Buffer.buffer(rest)));
    });
  }

  /** A function on its own socket that calls {@code answer} once a request head has come. */
  private Future<Void> function(String name, Handler<NetSocket> answer) {
    Path socket = Origin.newSocketPath();
    NetServer server = vertx.createNetServer().connectHandler(so -> so.handler(request -> {
      if (request.toString().contains("\r\n\r\n")) {
        answer.handle(so);
      }
    }));
    return server.listen(SocketAddress.domainSocketAddress(socket.toString()))
      .compose(s -> routes.put(new Route(name, "i1", 1, NODE, socket.toString(), null)));
  }

  @Test
  void passesOnASmallBodyThatArrivesInParts(VertxTestContext ctx) {
    // the fast path keeps a small body's head back to send them together: here only part of it comes at first
    slowFunction("parts", "HTTP/1.1 200 OK\r\nContent-Length: 11\r\nX-A: 1\r\n\r\nhello", " world")
      .compose(v -> get("/function/parts/")).compose(first -> get("/function/parts/").map(second -> {
        ctx.verify(() -> {
          assertEquals(200, first.status());
          assertEquals("hello world", first.body().toString());
          assertEquals("1", first.headers().get("x-a"));
          assertEquals("11", first.headers().get("content-length"));
          assertEquals("hello world", second.body().toString(), "the kept-alive connection reads the next answer");
        });
        return second;
      })).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void passesOnABodyThatEndsWithTheConnection(VertxTestContext ctx) {
    rawFunction("eof", "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nuntil the end", true)
      .compose(v -> get("/function/eof/")).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        assertEquals(200, r.status());
        assertEquals("until the end", r.body().toString());
        assertEquals("text/plain", r.headers().get("content-type"));
        ctx.completeNow();
      })));
  }

  @Test
  void skipsAnInterimContinueAndReadsChunksWithExtensionsAndTrailers(VertxTestContext ctx) {
    rawFunction("chunks", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\nX-A: 1\r\n\r\n"
      + "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n", false)
      .compose(v -> get("/function/chunks/")).compose(first -> get("/function/chunks/").map(second -> {
        ctx.verify(() -> {
          assertEquals(201, first.status());
          assertEquals("hello world", first.body().toString());
          assertEquals("1", first.headers().get("x-a"));
          assertNull(first.headers().get("x-trailer"));
          assertEquals("hello world", second.body().toString(), "the kept-alive connection reads the next answer");
        });
        return second;
      })).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void answers502ForAHeadItDoesNotRead(VertxTestContext ctx) {
    rawFunction("folded", "HTTP/1.1 200 OK\r\nX-Folded: a\r\n b\r\nContent-Length: 2\r\n\r\nok", false)
      .compose(v -> get("/function/folded/")).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        assertEquals(502, r.status());
        assertEquals("upstream_failed", r.json().getString("code"));
        ctx.completeNow();
      })));
  }

  @Test
  void endsTheResponseAbruptlyWhenAChunkIsBroken(VertxTestContext ctx) {
    // the head is on its way to the client already: the client's connection closes mid-response
    rawFunction("broken", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", false)
      .compose(v -> get("/function/broken/")).onComplete(ctx.failing(err -> ctx.verify(() -> {
        assertNotNull(err.getMessage());
        ctx.completeNow();
      })));
  }
}
