package dev.plat.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.Route;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

/**
 * A function's answer is input too: bytes past a response's end never reach the next caller
 * (the connection they came on closes), and answers the proxy does not read (bad or truncated
 * Content-Length, a head over 64 KiB, 101) end in a 502 JSON whose message is plain words, or in
 * a cut response when the head went out already. Interim 1xx answers are skipped.
 */
class ReadsHostileResponsesTest extends ProxyTestBase {
  private static final String SMUGGLED = "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecret";
  private static final String FINE = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nfine";

  /** A function that answers its first request with {@code first} and every other one with {@link #FINE}. */
  private Future<FakeFunction> function(String name, String first) {
    return FakeFunction.start(vertx, (so, n, head) -> so.write(Buffer.buffer(n == 1 ? first : FINE)))
      .compose(fn -> routes.put(new Route(name, "i1", 1, NODE, fn.socket.toString(), null)).map(fn));
  }

  /** Calls {@code name} twice in a row ({@code method} first, then GET); checks the second caller got "fine" on a new connection. */
  private void secondCallerGetsItsOwnAnswer(VertxTestContext ctx, String name, HttpMethod method, String first) {
    function(name, first).compose(fn -> send(method, "/function/" + name + "/", MultiMap.caseInsensitiveMultiMap(), null)
        .compose(one -> get("/function/" + name + "/").map(two -> {
          ctx.verify(() -> {
            assertEquals("fine", two.body().toString(), "the second caller read the first answer's extra bytes");
            assertEquals(2, fn.connections.get(), "the connection with bytes past the answer was not reused");
          });
          return two;
        })))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void bytesPastContentLengthNeverBecomeTheNextCallersResponse(VertxTestContext ctx) {
    secondCallerGetsItsOwnAnswer(ctx, "past-length", HttpMethod.GET, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok" + SMUGGLED);
  }

  @Test
  void aBodyOnA204NeverBecomesTheNextCallersResponse(VertxTestContext ctx) {
    secondCallerGetsItsOwnAnswer(ctx, "body-204", HttpMethod.GET, "HTTP/1.1 204 No Content\r\n\r\n" + SMUGGLED);
  }

  @Test
  void aBodyOnA304NeverBecomesTheNextCallersResponse(VertxTestContext ctx) {
    secondCallerGetsItsOwnAnswer(ctx, "body-304", HttpMethod.GET, "HTTP/1.1 304 Not Modified\r\n\r\n" + SMUGGLED);
  }

  @Test
  void aBodyOnAHeadAnswerNeverBecomesTheNextCallersResponse(VertxTestContext ctx) {
    secondCallerGetsItsOwnAnswer(ctx, "body-head", HttpMethod.HEAD, "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\n" + SMUGGLED);
  }

  @Test
  void skipsInterimAnswersAndKeepsTheConnection(VertxTestContext ctx) {
    String answer = "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 102 Processing\r\n\r\n"
      + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst";
    function("interim", answer).compose(fn -> get("/function/interim/").compose(one -> get("/function/interim/").map(two -> {
      ctx.verify(() -> {
        assertEquals(200, one.status());
        assertEquals("first", one.body().toString());
        assertEquals("fine", two.body().toString());
        assertEquals(1, fn.connections.get(), "a clean answer keeps its connection");
      });
      return two;
    }))).onComplete(ctx.succeedingThenComplete());
  }

  /** Checks that {@code name}'s first answer {@code first} gives the caller 502 upstream_failed in plain words containing {@code says}. */
  private void answers502(VertxTestContext ctx, String name, String first, String says) {
    function(name, first).compose(fn -> get("/function/" + name + "/")).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(502, r.status(), r.body().toString());
      assertEquals("upstream_failed", r.json().getString("code"));
      String message = r.json().getString("error");
      assertTrue(message.contains(says), message);
      assertPlain(message);
      ctx.completeNow();
    })));
  }

  /** An error message without Java internals. */
  static void assertPlain(String message) {
    for (String internal : new String[] {"Exception", "java.", "io.netty", "io.vertx", "\tat "}) {
      assertFalse(message.contains(internal), "Java internals in an error body: " + message);
    }
  }

  @Test
  void answers502ForANonNumericContentLength(VertxTestContext ctx) {
    answers502(ctx, "cl-word", "HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\nabc", "not an HTTP/1.x response");
  }

  @Test
  void answers502ForANegativeContentLength(VertxTestContext ctx) {
    answers502(ctx, "cl-negative", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\nabc", "not an HTTP/1.x response");
  }

  @Test
  void answers502ForTwoDifferentContentLengths(VertxTestContext ctx) {
    answers502(ctx, "cl-two", "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 9\r\n\r\nabc", "not an HTTP/1.x response");
  }

  @Test
  void answers502ForAHeadOver64KiB(VertxTestContext ctx) {
    answers502(ctx, "big-head", "HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(70_000) + "\r\nContent-Length: 2\r\n\r\nok",
      "over 64 KiB");
  }

  @Test
  void answers502ForSwitchingProtocols(VertxTestContext ctx) {
    answers502(ctx, "upgrade", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\nraw bytes",
      "switched protocols");
  }

  @Test
  void answers502InPlainWordsWhenTheFunctionClosesWithoutAnswering(VertxTestContext ctx) {
    FakeFunction.start(vertx, (so, n, head) -> so.close())
      .compose(fn -> routes.put(new Route("mute", "i1", 1, NODE, fn.socket.toString(), null)))
      .compose(v -> get("/function/mute/"))
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        assertEquals(502, r.status());
        assertEquals("upstream_failed", r.json().getString("code"));
        assertEquals("function 'mute' closed the connection before it answered", r.json().getString("error"));
        ctx.completeNow();
      })));
  }

  @Test
  void cutsTheResponseWhenTheBodyIsShorterThanItsContentLength(VertxTestContext ctx) {
    FakeFunction.start(vertx, (so, n, head) -> so.write(Buffer.buffer("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"))
        .onComplete(v -> so.close()))
      .compose(fn -> routes.put(new Route("short", "i1", 1, NODE, fn.socket.toString(), null)))
      .compose(v -> get("/function/short/"))
      .onComplete(ctx.failing(err -> ctx.completeNow()));  // the head went out: the client's response is cut
  }
}
