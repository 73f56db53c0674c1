package dev.plat.gateway;

import static dev.plat.docker.DockerTestSupport.PYTHON_BASE_IMAGE;
import static dev.plat.gateway.GatewayHarness.DEPLOYER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.Names;
import dev.plat.cluster.api.Actions;
import dev.plat.docker.ContainerSpec;
import dev.plat.docker.DockerClient;
import dev.plat.docker.DockerTestSupport;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/functions/{name}/logs} against the real dockerd and a real container. */
@ExtendWith(VertxExtension.class)
class FunctionLogsIT {
  private final String runId = DockerTestSupport.newRunId();
  private final String function = "logs-it-" + runId;
  private DockerClient docker;
  private GatewayHarness gateway;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dataDir) {
    docker = DockerTestSupport.requireDocker(vertx);
    DockerTestSupport.requireImage(vertx, docker, PYTHON_BASE_IMAGE, Duration.ofMinutes(5));
    gateway = GatewayHarness.start(vertx, dataDir, docker, Map.of());
    new FakeRole(vertx, Names.Address.CONTROLLER)
      .on(Actions.Controller.GET, body -> new JsonObject().put("name", body.getString("name")));
  }

  @AfterEach
  void cleanUp() {
    DockerTestSupport.cleanup(docker, runId);
  }

  @Test
  void followsTheLinesOfTheFunctionsContainerUntilItStops() {
    // prints three lines, then waits; on SIGTERM (the stop below) prints one more and exits
    String script = "import signal, sys, time\n"
      + "def bye(*a):\n  print('stopping', flush=True)\n  sys.exit(0)\n"
      + "signal.signal(signal.SIGTERM, bye)\n"
      + "for i in range(3): print('line', i, flush=True)\n"
      + "while True: time.sleep(1)\n";
    String id = DockerTestSupport.await(docker.createContainer(ContainerSpec.builder(PYTHON_BASE_IMAGE)
      .labels(DockerTestSupport.testLabels(runId)).label(Names.Label.FUNCTION, function)
      .label(Names.Label.INSTANCE, function + "-1").networkMode("none")
      .cmd("python3", "-u", "-c", script).build()));
    DockerTestSupport.await(docker.startContainer(id));

    Promise<String> firstLines = Promise.promise();
    Promise<String> whole = Promise.promise();
    List<String> chunks = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    HttpClientResponse response = GatewayHarness.await(gateway.onContext(() -> gateway.client
      .request(gateway.options(HttpMethod.GET, "/api/functions/" + function + "/logs?follow=true", DEPLOYER))
      .compose(req -> req.send())
      .onSuccess(resp -> {
        // set on the context in the task that got the response, so no chunk is missed
        resp.handler(chunk -> {
          chunks.add(chunk.toString());
          text.append(chunk);
          if (text.toString().contains("line 2\n")) {
            firstLines.tryComplete(text.toString());
          }
        });
        resp.endHandler(v -> whole.complete(text.toString()));
        resp.exceptionHandler(whole::tryFail);
      })));
    assertEquals(200, response.statusCode());

    assertEquals("line 0\nline 1\nline 2\n", GatewayHarness.await(firstLines.future(), Duration.ofSeconds(30)));
    assertTrue(!whole.future().isComplete(), "still following while the container runs");

    DockerTestSupport.await(docker.stopContainer(id, 10));
    assertEquals("line 0\nline 1\nline 2\nstopping\n", GatewayHarness.await(whole.future(), Duration.ofSeconds(30)));
    assertTrue(chunks.size() >= 2, "the line after the stop came in its own chunk, live: " + chunks);
  }

  @Test
  void withoutFollowWritesTheLastLinesAndEnds() {
    String id = DockerTestSupport.await(docker.createContainer(ContainerSpec.builder(PYTHON_BASE_IMAGE)
      .labels(DockerTestSupport.testLabels(runId)).label(Names.Label.FUNCTION, function).networkMode("none")
      .cmd("python3", "-u", "-c", "for i in range(5): print('n', i)").build()));
    DockerTestSupport.await(docker.startContainer(id));
    DockerTestSupport.await(docker.waitContainer(id));

    GatewayHarness.Response response = gateway.call(HttpMethod.GET, "/api/functions/" + function + "/logs?tail=2", DEPLOYER);
    assertEquals(200, response.status());
    assertEquals("n 3\nn 4\n", response.text());
  }
}
