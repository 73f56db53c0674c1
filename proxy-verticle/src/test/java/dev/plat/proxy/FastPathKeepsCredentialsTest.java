package dev.plat.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.plat.cluster.Names;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gateway's credentials never reach a function on the HTTP/1.x fast path: its bearer token and
 * {@code access_token} (any on a private function, its own tokens on a public one), and no
 * caller's {@code X-Plat-Cluster-Auth}. (The gateway's Vert.x path: {@code InvocationRoutesTest}.)
 */
class FastPathKeepsCredentialsTest extends ProxyTestBase {

  @Override
  boolean fastPath() {
    return true;
  }

  private Future<JsonObject> seen(String uri, String authorization) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add(Names.Header.CLUSTER_AUTH, CLUSTER_SECRET)
      .add(Names.Header.FORWARDED_BY, "node-x");
    if (authorization != null) {
      headers.add("Authorization", authorization);
    }
    return send(HttpMethod.GET, uri, headers, null).map(reply -> {
      assertEquals(200, reply.status(), reply.body().toString());
      return reply.json();
    });
  }

  @Test
  void theGatewaysTokensStayAtTheGatewayTheFunctionsOwnPassOn(VertxTestContext ctx) {
    Origin.echo(vertx)
      .compose(origin -> route("echo", "i1", origin).compose(v -> route("private-echo", "i2", origin)))
      .compose(v -> Future.all(List.of(
        seen("/function/echo/p?a=1&access_token=" + GATEWAY_TOKEN + "&b=2", "Bearer " + GATEWAY_TOKEN),
        seen("/function/echo/p?access_token=its-own;c=3", "Bearer its-own"),
        seen("/function/private-echo/p?x&access_token=anything", "Bearer anything"),
        seen("/function/private-echo/p?access_token=" + GATEWAY_TOKEN, "Basic dTpw"))))
      .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        JsonObject publicGateway = all.resultAt(0);
        assertEquals("/p?a=1&b=2", publicGateway.getString("uri"));
        assertFalse(publicGateway.getJsonObject("headers").containsKey("authorization"));
        JsonObject publicOwn = all.resultAt(1);
        assertEquals("/p?access_token=its-own;c=3", publicOwn.getString("uri"));
        assertEquals("Bearer its-own", publicOwn.getJsonObject("headers").getJsonArray("authorization").getString(0));
        JsonObject privateAny = all.resultAt(2);
        assertEquals("/p?x", privateAny.getString("uri"));
        assertFalse(privateAny.getJsonObject("headers").containsKey("authorization"));
        JsonObject privateOnlyToken = all.resultAt(3);
        assertEquals("/p", privateOnlyToken.getString("uri"));
        assertFalse(privateOnlyToken.getJsonObject("headers").containsKey("authorization"));
        for (int i = 0; i < 4; i++) {
          JsonObject headers = all.<JsonObject>resultAt(i).getJsonObject("headers");
          assertFalse(headers.containsKey(Names.Header.CLUSTER_AUTH.toLowerCase()), "request " + i);
          assertFalse(headers.containsKey(Names.Header.FORWARDED_BY.toLowerCase()), "request " + i);
        }
        ctx.completeNow();
      })));
  }
}
