package dev.plat.node;

import static dev.plat.docker.DockerTestSupport.PYTHON_BASE_IMAGE;
import static dev.plat.docker.DockerTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.Names;
import dev.plat.cluster.PlatConfig;
import dev.plat.cluster.RouteTable;
import dev.plat.cluster.api.Actions;
import dev.plat.cluster.testing.OnContext;
import dev.plat.docker.ContainerSpec;
import dev.plat.docker.ContainerSummary;
import dev.plat.docker.DockerClient;
import dev.plat.docker.DockerTestSupport;
import dev.plat.gateway.api.ControllerClient;
import dev.plat.gateway.api.FunctionLogsHandler;
import dev.plat.gateway.api.LocalLogs;
import dev.plat.gateway.api.NodeLogsHandler;
import dev.plat.proxy.ProxyHandler;
import dev.plat.proxy.ProxyOptions;
import dev.plat.proxy.ProxyVerticle;
import dev.plat.cluster.ClusterSecret;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code plat logs} across nodes against the real dockerd: node B's proxy port serves the output of
 * B's containers ({@code /_plat/logs}, cluster secret only), and node A's logs handler merges its own
 * containers with B's. Both nodes share one dockerd here; the {@code plat.node} label says which
 * node each container is on.
 */
@ExtendWith(VertxExtension.class)
class LogsAcrossNodesIT {
  private static final String SECRET = "logs-it-cluster-secret-0123456789";
  private final String runId = DockerTestSupport.newRunId();
  private final String function = "logs-x-" + runId;
  private Vertx vertx;
  private Context context;
  private DockerClient docker;
  private HttpClient client;
  private int proxyPortB;
  private int gatewayPortA;

  record Reply(int status, Map<String, String> headers, String body) {
  }

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    context = vertx.getOrCreateContext();
    docker = DockerTestSupport.requireDocker(vertx);
    DockerTestSupport.requireImage(vertx, docker, PYTHON_BASE_IMAGE, Duration.ofMinutes(5));
    client = vertx.createHttpClient();
    // node B: its proxy port with the logs endpoint
    PlatConfig b = PlatConfig.of(Map.of(ConfigKey.NODE_ID, "node-b", ConfigKey.CLUSTER_SECRET, SECRET,
      ConfigKey.PROXY_PORT, "0", ConfigKey.CLUSTER_HOST, "127.0.0.1"));
    RouteTable routes = RouteTable.inMemory();
    ProxyVerticle proxyB = new ProxyVerticle(b, routes, ProxyHandler.create(vertx, b, routes, new ProxyOptions()),
      new NodeLogsHandler(new LocalLogs(docker, "node-b")));
    await(vertx.deployVerticle(proxyB));
    proxyPortB = proxyB.actualPort();
    // node A: the API's logs route, with B as its one other node
    vertx.eventBus().<JsonObject>consumer(Names.Address.CONTROLLER, msg -> {
      if (Actions.Controller.GET.equals(msg.headers().get(Actions.HEADER))) {
        msg.reply(new JsonObject().put("name", msg.body().getString("name")));
      } else {
        msg.fail(400, "unexpected");
      }
    });
    Router router = Router.router(vertx);
    router.get("/api/functions/:name/logs").handler(new FunctionLogsHandler(new ControllerClient(vertx.eventBus()),
      new LocalLogs(docker, "node-a"), client, ClusterSecret.of(b), () -> List.of("127.0.0.1:" + proxyPortB)));
    gatewayPortA = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")).actualPort();
  }

  @AfterEach
  void cleanUp() {
    DockerTestSupport.cleanup(docker, runId);
  }

  /** Runs a container of {@code fn} on {@code node} that prints {@code lines} and exits; waits for it; its id. */
  private String container(String fn, String node, String instance, String... lines) {
    StringBuilder script = new StringBuilder();
    for (String line : lines) {
      script.append("print('").append(line).append("', flush=True)\n");
    }
    String id = await(docker.createContainer(ContainerSpec.builder(PYTHON_BASE_IMAGE)
      .labels(DockerTestSupport.testLabels(runId)).label(Names.Label.FUNCTION, fn).label(Names.Label.NODE, node)
      .label(Names.Label.INSTANCE, instance).networkMode("none")
      .cmd("python3", "-u", "-c", script.toString()).build()));
    await(docker.startContainer(id));
    await(docker.waitContainer(id));
    return id;
  }

  private Reply get(int port, String uri, String secret) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port).setURI(uri);
    if (secret != null) {
      options.putHeader(Names.Header.CLUSTER_AUTH, secret);
    }
    return await(OnContext.run(context, () -> client.request(options).compose(req -> req.send())
      .compose(resp -> resp.body().map(body -> {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        resp.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
        return new Reply(resp.statusCode(), headers, body.toString());
      }))));
  }

  private static List<String> sortedLines(String text) {
    return Arrays.stream(text.split("\n")).sorted().toList();
  }

  @Test
  void theProxyPortServesThisNodesContainersOnlyAndOnlyWithTheClusterSecret() {
    container(function, "node-b", "b1", "b 0", "b 1");
    container(function, "node-a", "a1", "a 0");

    Reply none = get(proxyPortB, "/_plat/logs?function=" + function, null);
    assertEquals(401, none.status());
    assertEquals("unauthorized", new JsonObject(none.body()).getString("code"));
    Reply wrong = get(proxyPortB, "/_plat/logs?function=" + function, "not-the-secret-0123456789012345");
    assertEquals(401, wrong.status());

    Reply logs = get(proxyPortB, "/_plat/logs?function=" + function, SECRET);
    assertEquals(200, logs.status(), logs.body());
    assertEquals("1", logs.headers().get(Names.Header.LOG_SOURCES));
    assertEquals("[b1] b 0\n[b1] b 1\n", logs.body());

    Reply tail = get(proxyPortB, "/_plat/logs?function=" + function + "&tail=1", SECRET);
    assertEquals("[b1] b 1\n", tail.body());
    Reply bad = get(proxyPortB, "/_plat/logs?function=Not_A_Name", SECRET);
    assertEquals(400, bad.status());
    assertEquals("bad_name", new JsonObject(bad.body()).getString("code"));
  }

  @Test
  void theGatewayMergesItsOwnContainersWithThoseOfTheOtherNodes() {
    container(function, "node-b", "b1", "b 0", "b 1");
    container(function, "node-a", "a1", "a 0");

    Reply logs = get(gatewayPortA, "/api/functions/" + function + "/logs", null);
    assertEquals(200, logs.status(), logs.body());
    assertEquals(List.of("[a1] a 0", "[b1] b 0", "[b1] b 1"), sortedLines(logs.body()));
  }

  @Test
  void aLoneContainerOnAnotherNodeReadsAsOnOneNode() {
    container(function, "node-b", "b1", "b 0", "b 1");

    Reply logs = get(gatewayPortA, "/api/functions/" + function + "/logs", null);
    assertEquals(200, logs.status(), logs.body());
    assertEquals("b 0\nb 1\n", logs.body(), "no prefix with one container, as on one node");
  }

  /**
   * A container removed between the listing of the function's containers and the opening of its
   * output (an old instance going as a new one takes over) has nothing left to read: the others' logs
   * are served, not a 502 naming the missing container (the dashboard's Logs card showed that error).
   */
  @Test
  void aContainerRemovedAfterTheListingIsLeftOut() throws Exception {
    String gone = container(function, "node-a", "old", "old 0");
    container(function, "node-a", "new", "new 0");
    // the real dockerd, with the old container removed right after the listing that found it
    AtomicBoolean removed = new AtomicBoolean();
    DockerClient racing = (DockerClient) Proxy.newProxyInstance(DockerClient.class.getClassLoader(),
      new Class<?>[] {DockerClient.class}, (proxy, method, args) -> {
        Object result;
        try {
          result = method.invoke(docker, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
        if (!"listContainers".equals(method.getName())) {
          return result;
        }
        @SuppressWarnings("unchecked")
        Future<List<ContainerSummary>> listed = (Future<List<ContainerSummary>>) result;
        return listed.compose(list -> list.stream().anyMatch(c -> c.id().equals(gone)) && removed.compareAndSet(false, true)
          ? docker.removeContainer(gone, true).map(list) : Future.succeededFuture(list));
      });
    Router router = Router.router(vertx);
    router.get("/api/functions/:name/logs").handler(new FunctionLogsHandler(new ControllerClient(vertx.eventBus()),
      new LocalLogs(racing, "node-a"), client, null, List::of));
    int port = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")).actualPort();

    Reply logs = get(port, "/api/functions/" + function + "/logs", null);
    assertEquals(true, removed.get(), "the old container was removed after the listing");
    assertEquals(200, logs.status(), logs.body());
    assertEquals("new 0\n", logs.body(), "the remaining container's output (one source: no prefix)");
  }
}
