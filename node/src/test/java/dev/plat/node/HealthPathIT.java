package dev.plat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A function whose server answers only on its own path (no runtime shim, so no {@code /_/health}),
 * on the real dockerd: with {@code healthPath} it becomes ready and serves; without it, it is not
 * healthy within its {@code startTimeoutSeconds} and {@code lastFailure} says why.
 */
class HealthPathIT {
  private static final Duration WAIT = Duration.ofSeconds(120);
  /** A runtime with no shim: the function's own server.js is the container's process. */
  private static final String DOCKERFILE = """
    ARG BASE_IMAGE=plat/node-base:bookworm
    FROM ${BASE_IMAGE}
    ENV HOME=/tmp PLAT_SOCKET=/run/plat/fn.sock
    USER 10001:10001
    WORKDIR /function
    CMD ["node", "/function/server.js"]
    COPY --chown=10001:10001 function/ /function/
    """;
  private static final String RUNTIME_JSON = """
    {"name": "bare-node", "handler": "server.js", "alternatives": [], "baseImage": "plat/node-base:bookworm",
     "user": "10001:10001", "description": "test: the function's own server, no shim"}
    """;
  private static final String SERVER_JS = """
    const http = require('http');
    const fs = require('fs');
    const socket = process.env.PLAT_SOCKET;
    try { fs.unlinkSync(socket); } catch (e) { /* none yet */ }
    http.createServer((req, res) => {
      const ok = req.url === '/ready';
      res.writeHead(ok ? 200 : 404, {'content-type': 'text/plain'});
      res.end(ok ? 'ready\\n' : 'only /ready here\\n');
    }).listen(socket, () => fs.chmodSync(socket, 0o666));
    process.on('SIGTERM', () => process.exit(0));
    """;

  @TempDir
  Path tmp;
  private NodeProcess node;
  private FunctionDocker docker;
  private final List<String> names = new ArrayList<>();
  private final String nodeId = "e2e-health-" + E2eNames.fresh().substring(4);

  @BeforeEach
  void requireDocker() {
    docker = FunctionDocker.require();
  }

  @AfterEach
  void cleanup() {
    if (node != null) {
      node.close();
    }
    docker.removeAll(names);
    docker.removePool(nodeId);
    docker.close();
  }

  @Test
  void a_function_answering_only_its_own_path_is_ready_with_health_path_and_fails_in_time_without() throws Exception {
    Path runtimes = tmp.resolve("runtimes");
    Files.createDirectories(runtimes.resolve("bare-node"));
    Files.writeString(runtimes.resolve("bare-node").resolve("Dockerfile"), DOCKERFILE);
    Files.writeString(runtimes.resolve("bare-node").resolve("runtime.json"), RUNTIME_JSON);
    node = NodeProcess.start(tmp.resolve("data"), nodeId, "--runtimes-dir", runtimes.toString(), "--pool-size", "0");
    node.awaitHealthy();
    PlatApi api = new PlatApi(node.url());
    byte[] zip = TestZips.zip().file("server.js", SERVER_JS).bytes();

    String good = fresh();
    PlatApi.Response deployed = api.deploy(good, "bare-node", zip, NodeProcess.ADMIN_TOKEN,
      new JsonObject().put("healthPath", "/ready").put("startTimeoutSeconds", 60));
    assertEquals(202, deployed.status(), deployed::toString);
    JsonObject ready = api.awaitServing(good, WAIT, node::output);
    assertEquals("/ready", ready.getString("healthPath"));
    PlatApi.Response call = api.get("/function/" + good + "/ready", NodeProcess.ADMIN_TOKEN);
    assertEquals(200, call.status(), call::toString);
    assertEquals("ready\n", call.body());

    String bad = fresh();
    deployed = api.deploy(bad, "bare-node", zip, NodeProcess.ADMIN_TOKEN, new JsonObject().put("startTimeoutSeconds", 2));
    assertEquals(202, deployed.status(), deployed::toString);
    JsonObject failed = Poll.until(WAIT, bad + " to fail its health check", () -> {
      JsonObject s = api.function(bad).json();
      return s.containsKey("lastFailure") ? s : null;
    }, node::output);
    String reason = failed.getJsonObject("lastFailure").getString("reason");
    assertTrue(reason.contains("not healthy within 2.0 s") && reason.contains("GET /_/health answered 404"),
      failed::encodePrettily);
    assertTrue(!"ready".equals(failed.getString("state")), failed::encodePrettily);
  }

  private String fresh() {
    String name = E2eNames.fresh();
    names.add(name);
    return name;
  }
}
