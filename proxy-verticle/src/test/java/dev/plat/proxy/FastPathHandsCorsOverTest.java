package dev.plat.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plat.cluster.InvocationGate;
import dev.plat.cluster.api.PlatError;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

/**
 * A browser's call from an origin the gateway answers CORS for (its preflight, its requests) is
 * handed by the fast path to the gateway's request handler, which does CORS (FunctionCorsTest);
 * calls from other origins, and calls without one, stay on the fast path.
 */
class FastPathHandsCorsOverTest extends ProxyTestBase {
  static final String ALLOWED = "http://app.example.test:3000";

  @Override
  boolean fastPath() {
    return true;
  }

  @Override
  InvocationGate gate() {
    return new InvocationGate() {
      @Override
      public Verdict check(String host, String path) {
        return GATE.check(host, path);
      }

      @Override
      public PlatError authorize(String authorization) {
        return null;
      }

      @Override
      public boolean isGatewayToken(String token) {
        return false;
      }

      @Override
      public boolean corsAllows(String origin) {
        return ALLOWED.equals(origin);
      }
    };
  }

  private MultiMap origin(String origin) {
    return MultiMap.caseInsensitiveMultiMap().add("Origin", origin);
  }

  @Test
  void allowedOriginsGoToTheGatewaysHandlerOthersStayOnTheFastPath(VertxTestContext ctx) {
    Origin.echo(vertx)
      .compose(origin -> route("echo", "i1", origin))
      .compose(v -> send(HttpMethod.GET, "/function/echo/a", origin("http://other.example.test"), null))
      .compose(reply -> {
        ctx.verify(() -> assertEquals(0, viaVertx.get(), "another origin: the fast path"));
        return send(HttpMethod.OPTIONS, "/function/echo/a",
          origin(ALLOWED).add("Access-Control-Request-Method", "POST"), null);
      })
      .compose(reply -> {
        ctx.verify(() -> assertEquals(1, viaVertx.get(), "an allowed origin's preflight: Vert.x"));
        return send(HttpMethod.GET, "/function/echo/b", origin(ALLOWED), null);
      })
      .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
        assertEquals(200, reply.status());
        // the two calls of the allowed origin reached the request handler, as this test means
        assertEquals(2, viaVertx.getAndSet(0), "an allowed origin's request: Vert.x");
        ctx.completeNow();
      })));
  }
}
