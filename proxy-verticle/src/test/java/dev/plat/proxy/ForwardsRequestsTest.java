package dev.plat.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

class ForwardsRequestsTest extends ProxyTestBase {

  @Test
  void forwardsMethodPathQueryHeadersAndBodyAndDropsHopByHopHeaders(VertxTestContext ctx) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
      .add("X-Custom", "v1").add("X-Custom", "v2")
      .add("Connection", "keep-alive, X-Drop-Me").add("X-Drop-Me", "1").add("Keep-Alive", "timeout=5")
      .add("Proxy-Authorization", "Basic eA==").add("TE", "trailers").add("X-Plat-Forwarded-By", "evil")
      .add("Authorization", "Bearer user-token");
    Origin.echo(vertx).compose(origin -> route("echo", "i1", origin))
      .compose(v -> send(HttpMethod.PUT, "/function/echo/a/b%20c?x=1&y=%2F", headers, Buffer.buffer("hello")))
      .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
        assertEquals(200, reply.status());
        JsonObject seen = reply.json();
        assertEquals("PUT", seen.getString("method"));
        assertEquals("/a/b%20c?x=1&y=%2F", seen.getString("uri"));
        assertEquals("hello", seen.getString("body"));
        JsonObject h = seen.getJsonObject("headers");
        assertEquals(new JsonArray().add("v1").add("v2"), h.getJsonArray("x-custom"));
        assertEquals("Bearer user-token", first(h, "authorization"));
        assertEquals("127.0.0.1:" + port, first(h, "host"));
        for (String dropped : new String[] {"x-drop-me", "keep-alive", "proxy-authorization", "te", "x-plat-forwarded-by"}) {
          assertFalse(h.containsKey(dropped), dropped + " reached the function: " + h);
        }
        assertEquals("127.0.0.1", first(h, "x-forwarded-for"));
        assertEquals("127.0.0.1:" + port, first(h, "x-forwarded-host"));
        assertEquals("http", first(h, "x-forwarded-proto"));
        String id = first(h, "x-plat-request-id");
        assertNotNull(id);
        assertEquals(id, reply.headers().get("X-Plat-Request-Id"));
        assertEquals("1", reply.headers().get("x-resp"));
        assertNull(reply.headers().get("keep-alive"));
        assertNull(reply.headers().get("proxy-authenticate"));
        ctx.completeNow();
      })));
  }

  @Test
  void keepsTheCallersRequestIdAndAppendsToXForwardedFor(VertxTestContext ctx) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("X-Plat-Request-Id", "req-42")
      .add("X-Forwarded-For", "10.1.2.3").add("X-Forwarded-Proto", "https");
    Origin.echo(vertx).compose(origin -> route("echo", "i1", origin))
      .compose(v -> send(HttpMethod.GET, "/function/echo", headers, null))
      .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
        JsonObject h = reply.json().getJsonObject("headers");
        assertEquals("/", reply.json().getString("uri"));
        assertEquals("req-42", first(h, "x-plat-request-id"));
        assertEquals("req-42", reply.headers().get("X-Plat-Request-Id"));
        assertEquals("10.1.2.3, 127.0.0.1", first(h, "x-forwarded-for"));
        assertEquals("https", first(h, "x-forwarded-proto"));
        ctx.completeNow();
      })));
  }

  @Test
  void generatesDistinctRequestIds(VertxTestContext ctx) {
    Origin.echo(vertx).compose(origin -> route("echo", "i1", origin))
      .compose(v -> get("/function/echo/x?q"))
      .compose(first -> get("/function/echo/x").map(second -> {
        ctx.verify(() -> {
          assertEquals("/x?q", first.json().getString("uri"));
          String a = first.headers().get("X-Plat-Request-Id");
          String b = second.headers().get("X-Plat-Request-Id");
          assertNotNull(a);
          assertFalse(a.equals(b), a + " twice");
        });
        return null;
      }))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void streamsAChunkedRequestBodyAndAHeadResponse(VertxTestContext ctx) {
    onContext(() -> Origin.echo(vertx).compose(origin -> route("echo", "i1", origin))
      .compose(v -> client.request(new RequestOptions().setPort(port).setMethod(HttpMethod.POST).setURI("/function/echo/c")))
      .compose(req -> {
        req.setChunked(true);
        Future<Buffer> body = req.response().compose(resp -> resp.body());
        req.write("part1-");
        return req.end("part2").compose(x -> body);
      }))
      .compose(body -> {
        ctx.verify(() -> {
          assertEquals("part1-part2", body.toJsonObject().getString("body"));
          assertEquals("chunked", first(body.toJsonObject().getJsonObject("headers"), "transfer-encoding"));
        });
        return send(HttpMethod.HEAD, "/function/echo/h", MultiMap.caseInsensitiveMultiMap(), null);
      })
      .onComplete(ctx.succeeding(head -> ctx.verify(() -> {
        assertEquals(200, head.status());
        assertEquals(0, head.body().length());
        ctx.completeNow();
      })));
  }

  @Test
  void answersJsonErrorsForOtherPathsAndBadNames(VertxTestContext ctx) {
    // the invocation first: a connection that served another path is Vert.x's from then on (fast path variant)
    get("/function/Bad_Name/x").compose(bad -> {
      ctx.verify(() -> {
        assertEquals(400, bad.status());
        assertEquals("bad_name", bad.json().getString("code"));
        assertTrue(bad.headers().get("content-type").startsWith("application/json"));
      });
      return get("/elsewhere");
    }).onComplete(ctx.succeeding(other -> ctx.verify(() -> {
      assertEquals(404, other.status());
      assertEquals("not_found", other.json().getString("code"));
      ctx.completeNow();
    })));
  }

  private static String first(JsonObject headers, String name) {
    JsonArray values = headers.getJsonArray(name);
    return values == null ? null : values.getString(0);
  }
}
