package dev.plat.controller;

import static dev.plat.docker.DockerTestSupport.await;

import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.Names;
import dev.plat.cluster.PlatConfig;
import dev.plat.cluster.Route;
import dev.plat.cluster.RouteTable;
import dev.plat.cluster.api.Actions;
import dev.plat.cluster.api.PlatError;
import dev.plat.docker.ContainerSummary;
import dev.plat.docker.DockerClient;
import dev.plat.docker.DockerFilters;
import dev.plat.docker.DockerTestSupport;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Controllers of one test node on the real dockerd, for the controller's integration tests (register
 * it on a static field with {@code @RegisterExtension}). For the test class: a Vert.x instance with
 * native transport, the Docker client, a run id and a python-flask function image built for that
 * run ({@link FunctionImages}); all removed after the class. For each test: a fresh node id, an
 * in-memory route table, {@link InstanceCalls} and an {@link InstantBuilder} answering with the
 * image; after the test, the controllers started through {@link #start} are undeployed and the
 * containers labelled with this node (only these) are removed.
 */
final class ControllerOnDocker implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  /** How long a test waits for an answer or a condition. */
  static final Duration WAIT = Duration.ofSeconds(60);

  private final String name;
  // read by the tests, set before all tests of the class
  Vertx vertx;
  DockerClient docker;
  /** Labels what the class creates on dockerd. */
  String runId;
  /** The function image the stand-in builder answers with. */
  String image;
  // read by the tests, set before each test
  /** This test's node id, the label of its containers. */
  String node;
  /** Shared by the controllers the test starts. */
  RouteTable routes;
  InstanceCalls http;
  private MessageConsumer<JsonObject> builder;
  private final List<String> deployments = new ArrayList<>();

  /** {@code name} names the image ({@code plat-test/<name>-<runId>:1}) and prefixes the node ids. */
  ControllerOnDocker(String name) {
    this.name = name;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));  // instance peers are checked on epoll only
    docker = DockerTestSupport.requireDocker(vertx);
    runId = DockerTestSupport.newRunId();
    image = FunctionImages.pythonHello(vertx, docker, name, runId);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (docker != null) {
      DockerTestSupport.cleanup(docker, runId);
      await(docker.close());
    }
    if (vertx != null) {
      await(vertx.close());
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    node = name + "-" + DockerTestSupport.newRunId();
    routes = RouteTable.inMemory();
    http = new InstanceCalls(vertx);
    builder = InstantBuilder.serve(vertx, image);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    for (String id : List.copyOf(deployments)) {
      stop(id);
    }
    if (builder != null) {
      await(builder.unregister());
    }
    for (ContainerSummary c : await(docker.listContainers(true, DockerFilters.create().label(Names.Label.NODE, node)))) {
      await(DockerTestSupport.ignoreNotFound(docker.removeContainer(c.id(), true)));
    }
    await(http.close());
  }

  /** The routes to {@code function} in {@link #routes}. */
  List<Route> routes(String function) {
    return routes.routes(function);
  }

  /** The configuration of a controller of this node on {@code dataDir}, with {@code extra} keys. */
  PlatConfig config(Path dataDir, Map<ConfigKey, String> extra) {
    Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
    values.put(ConfigKey.DATA_DIR, dataDir.toString());
    values.put(ConfigKey.NODE_ID, node);
    values.putAll(extra);
    return PlatConfig.of(values);
  }

  /** Deploys a controller of this node, undeployed after the test if still running; @return its deployment id. */
  String start(PlatConfig config, ControllerOptions options) {
    String id = await(vertx.deployVerticle(new ControllerVerticle(config, docker, routes, options)), WAIT);
    deployments.add(id);
    return id;
  }

  /** Undeploys the controller {@code deployment}. */
  void stop(String deployment) {
    deployments.remove(deployment);
    await(vertx.undeploy(deployment));
  }

  /** {@link #call(String, String, JsonObject)} to the controller. */
  JsonObject call(String action, JsonObject body) {
    return call(Names.Address.CONTROLLER, action, body);
  }

  /** Sends {@code body} to {@code address} with {@code action} (none when null); a failure is thrown as PlatError. */
  JsonObject call(String address, String action, JsonObject body) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(WAIT.toMillis());
    if (action != null) {
      options.addHeader(Actions.HEADER, action);
    }
    try {
      return await(vertx.eventBus().<JsonObject>request(address, body, options), WAIT).body();
    } catch (RuntimeException e) {
      throw PlatError.from(e);
    }
  }

  /** The containers of this node labelled with {@code function}. */
  Future<List<ContainerSummary>> containers(String function) {
    return docker.listContainers(true, DockerFilters.create().label(Names.Label.NODE, node)
      .label(Names.Label.FUNCTION, function));
  }

  /** Polls {@code check} every 50 ms on a timer (never blocking an event loop) until it yields true, WAIT at most. */
  void waitFor(String what, Supplier<Future<Boolean>> check) {
    Promise<Void> done = Promise.promise();
    poll(what, check, System.currentTimeMillis() + WAIT.toMillis(), done);
    await(done.future(), WAIT.plusSeconds(5));
  }

  private void poll(String what, Supplier<Future<Boolean>> check, long deadline, Promise<Void> done) {
    check.get().onComplete(ar -> {
      if (ar.succeeded() && ar.result()) {
        done.tryComplete();
      } else if (System.currentTimeMillis() > deadline) {
        done.tryFail(new AssertionError("timed out waiting until " + what));
      } else {
        vertx.setTimer(50, id -> poll(what, check, deadline, done));
      }
    });
  }
}
