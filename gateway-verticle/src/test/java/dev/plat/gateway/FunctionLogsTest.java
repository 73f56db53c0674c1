package dev.plat.gateway;

import static dev.plat.gateway.GatewayHarness.DEPLOYER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.Names;
import dev.plat.cluster.api.Actions;
import dev.plat.cluster.api.PlatError;
import dev.plat.docker.ContainerSummary;
import dev.plat.docker.DockerClient;
import dev.plat.docker.DockerFilters;
import dev.plat.docker.LogsOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The log route against a fake Docker (the real one is in {@code FunctionLogsIT}). */
@ExtendWith(VertxExtension.class)
class FunctionLogsTest {
  private final List<ContainerSummary> containers = new CopyOnWriteArrayList<>();
  private final Map<String, FakeLogStream> streams = new ConcurrentHashMap<>();
  private final List<LogsOptions> optionsSeen = new CopyOnWriteArrayList<>();
  private final List<String> filtersSeen = new CopyOnWriteArrayList<>();
  private GatewayHarness gateway;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dataDir) {
    DockerClient docker = (DockerClient) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DockerClient.class},
      (proxy, method, args) -> switch (method.getName()) {
        case "listContainers" -> {
          String filters = ((DockerFilters) args[1]).toString();
          filtersSeen.add(filters);
          // the function's containers answer the function-label query; the pool query finds none here
          yield Future.succeededFuture(filters.contains("plat.pool") ? List.of() : List.copyOf(containers));
        }
        case "logs" -> {
          optionsSeen.add((LogsOptions) args[1]);
          FakeLogStream stream = new FakeLogStream(vertx.getOrCreateContext());
          streams.put((String) args[0], stream);
          yield Future.succeededFuture(stream);
        }
        case "close" -> Future.succeededFuture();
        default -> Future.failedFuture(new UnsupportedOperationException(method.getName()));
      });
    gateway = GatewayHarness.start(vertx, dataDir, docker, Map.of());
    new FakeRole(vertx, Names.Address.CONTROLLER).on(Actions.Controller.GET, body -> {
      if (!body.getString("name").equals("hello")) {
        throw PlatError.notFound("function_not_found", "no function " + body.getString("name"));
      }
      return new JsonObject().put("name", "hello");
    });
  }

  @Test
  void prefixesEachLineWithItsInstanceWhenThereAreSeveral() {
    containers.add(container("c-one-0123456789", 1, "hello-a"));
    containers.add(container("c-two-0123456789", 2, "hello-b"));
    Future<String> text = gateway.onContext(() -> gateway.client
      .request(gateway.options(HttpMethod.GET, "/api/functions/hello/logs?tail=5", DEPLOYER))
      .compose(req -> req.send())
      .compose(resp -> {
        Future<String> body = resp.body().map(Buffer::toString);
        FakeLogStream a = streams.get("c-one-0123456789");
        FakeLogStream b = streams.get("c-two-0123456789");
        a.emit("first li");
        b.emit("b says hi\n");
        a.emit("ne\nsecond line\nunfinished");
        a.end();
        b.end();
        return body;
      }));

    String body = GatewayHarness.await(text);
    assertEquals(List.of("[hello-b] b says hi", "[hello-a] first line", "[hello-a] second line", "[hello-a] unfinished"),
      body.lines().toList());
    assertEquals(new LogsOptions(false, true, true, false, "5", 0), optionsSeen.get(0));
    assertTrue(filtersSeen.get(0).contains("plat.function=hello"), filtersSeen.toString());
    assertTrue(filtersSeen.stream().anyMatch(f -> f.contains("plat.pool") && f.contains("^/plat-hello-[a-z0-9]{10}$")),
      "pool containers specialized for it are asked for too: " + filtersSeen);
  }

  @Test
  void writesOneInstancesOutputAsItIsAndEndsWithItsStream() {
    containers.add(container("c-solo-0123456789", 1, "hello-a"));
    Future<String> text = gateway.onContext(() -> gateway.client
      .request(gateway.options(HttpMethod.GET, "/api/functions/hello/logs?follow=true", DEPLOYER))
      .compose(req -> req.send())
      .compose(resp -> {
        if (resp.statusCode() != 200 || !"text/plain; charset=utf-8".equals(resp.getHeader("Content-Type"))) {
          return Future.failedFuture(new AssertionError("status " + resp.statusCode() + " " + resp.getHeader("Content-Type")));
        }
        Future<String> body = resp.body().map(Buffer::toString);
        FakeLogStream solo = streams.get("c-solo-0123456789");
        solo.emit("no prefix\n");
        solo.end();
        return body;
      }));
    assertEquals("no prefix\n", GatewayHarness.await(text));
    assertTrue(optionsSeen.get(0).follow());
  }

  @Test
  void closesTheDockerStreamsWhenTheClientGoesAway() {
    containers.add(container("c-a-0123456789", 1, "hello-a"));
    containers.add(container("c-b-0123456789", 2, "hello-b"));
    GatewayHarness.await(gateway.onContext(() -> gateway.client
      .request(gateway.options(HttpMethod.GET, "/api/functions/hello/logs?follow=true", DEPLOYER))
      .compose(req -> req.send())
      .compose(resp -> {
        if (resp.statusCode() != 200) {
          return Future.failedFuture(new AssertionError("status " + resp.statusCode()));
        }
        resp.exceptionHandler(err -> { });
        return resp.request().connection().close();
      })));

    // both streams were opened before the response's head was written
    assertEquals(2, streams.size());
    GatewayHarness.await(Future.all(streams.values().stream().map(FakeLogStream::whenClosed).toList()));
  }

  @Test
  void anUnknownFunctionIs404AndABadTailIs400() {
    GatewayHarness.Response unknown = gateway.call(HttpMethod.GET, "/api/functions/nope/logs", DEPLOYER);
    assertEquals(404, unknown.status());
    assertEquals("function_not_found", unknown.json().getString("code"));
    GatewayHarness.Response badTail = gateway.call(HttpMethod.GET, "/api/functions/hello/logs?tail=-1", DEPLOYER);
    assertEquals(400, badTail.status());
    assertEquals("bad_tail", badTail.json().getString("code"));
    assertTrue(streams.isEmpty());
  }

  private static ContainerSummary container(String id, long created, String instance) {
    return new ContainerSummary(id, List.of("/" + instance), "img", "sha256:x", "cmd", created, "running", "Up",
      Map.of(Names.Label.FUNCTION, "hello", Names.Label.INSTANCE, instance));
  }
}
