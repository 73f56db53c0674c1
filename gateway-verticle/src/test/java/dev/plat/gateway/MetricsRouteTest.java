package dev.plat.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.ConfigKey;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class MetricsRouteTest {
  private static final String TEXT = "# TYPE plat_in_flight gauge\nplat_in_flight{function=\"fn\"} 1.0\n";

  @TempDir
  Path dataDir;

  private GatewayHarness gateway(Vertx vertx, Map<ConfigKey, String> extra, Supplier<String> metrics) {
    return GatewayHarness.start(vertx, dataDir, null, extra, metrics);
  }

  @Test
  void servesThePrometheusTextToAnAdminOrDeployerToken(Vertx vertx) {
    GatewayHarness gateway = gateway(vertx, Map.of(), () -> TEXT);
    for (String token : new String[] {GatewayHarness.ADMIN, GatewayHarness.DEPLOYER}) {
      GatewayHarness.Response response = gateway.call(HttpMethod.GET, "/metrics", token);
      assertEquals(200, response.status(), response::text);
      assertEquals("text/plain; version=0.0.4; charset=utf-8", response.headers().get("Content-Type"));
      assertEquals(TEXT, response.text());
    }
  }

  @Test
  void refusesNoTokenWith401AndAnInvokerTokenWith403(Vertx vertx) {
    GatewayHarness gateway = gateway(vertx, Map.of(), () -> TEXT);
    GatewayHarness.Response none = gateway.call(HttpMethod.GET, "/metrics", null);
    assertEquals(401, none.status(), none::text);
    assertEquals("unauthorized", none.json().getString("code"));
    assertTrue(none.headers().get("WWW-Authenticate").startsWith("Bearer"));
    GatewayHarness.Response wrong = gateway.call(HttpMethod.GET, "/metrics", "not-a-token");
    assertEquals(401, wrong.status(), wrong::text);
    GatewayHarness.Response invoker = gateway.call(HttpMethod.GET, "/metrics", GatewayHarness.INVOKER);
    assertEquals(403, invoker.status(), invoker::text);
    assertEquals("forbidden", invoker.json().getString("code"));
  }

  @Test
  void isOpenWithoutATokenWhenMetricsArePublic(Vertx vertx) {
    GatewayHarness gateway = gateway(vertx, Map.of(ConfigKey.METRICS_PUBLIC, "true"), () -> TEXT);
    GatewayHarness.Response response = gateway.call(HttpMethod.GET, "/metrics", null);
    assertEquals(200, response.status(), response::text);
    assertEquals(TEXT, response.text());
  }

  @Test
  void scrapesOnAWorkerThreadNotTheEventLoop(Vertx vertx) {
    AtomicBoolean onWorker = new AtomicBoolean();
    GatewayHarness gateway = gateway(vertx, Map.of(), () -> {
      onWorker.set(Context.isOnWorkerThread());
      return TEXT;
    });
    assertEquals(200, gateway.call(HttpMethod.GET, "/metrics", GatewayHarness.ADMIN).status());
    assertTrue(onWorker.get(), "the scrape ran on a worker thread");
  }

  @Test
  void aFailingScrapeIsA500JsonError(Vertx vertx) {
    GatewayHarness gateway = gateway(vertx, Map.of(), () -> {
      throw new IllegalStateException("registry closed");
    });
    GatewayHarness.Response response = gateway.call(HttpMethod.GET, "/metrics", GatewayHarness.ADMIN);
    assertEquals(500, response.status(), response::text);
    assertTrue(response.json().containsKey("code"), response::text);
  }

  @Test
  void aGatewayWithoutMetricsHasNoSuchRoute(Vertx vertx) {
    GatewayHarness gateway = gateway(vertx, Map.of(), null);
    GatewayHarness.Response response = gateway.call(HttpMethod.GET, "/metrics", GatewayHarness.ADMIN);
    assertEquals(404, response.status(), response::text);
  }
}
