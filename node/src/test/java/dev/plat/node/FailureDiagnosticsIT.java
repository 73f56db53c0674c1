package dev.plat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees of a function that exits at import (the pool on, as by default): its own exit
 * code and the line it printed in {@code plat get}, {@code plat logs} (no container left) and the
 * status, not the 137 of the pool container Plat removed; after {@code plat rm} no image of it in
 * dockerd and no tag in the registry; a socket folder left by a dead instance is gone after a restart.
 */
class FailureDiagnosticsIT {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String LINE = "plat-it: DATABASE_URL is not set, giving up";
  private static final String HANDLER = """
    import sys

    print("%s", file=sys.stderr, flush=True)
    sys.exit(3)


    def handle(req):
        return "never\\n"
    """.formatted(LINE);

  @TempDir
  Path tmp;
  private NodeProcess node;
  private FunctionDocker docker;
  private String name;
  private final String nodeId = "e2e-fail-" + E2eNames.fresh().substring(4);

  @BeforeEach
  void requireDocker() {
    docker = FunctionDocker.require();
  }

  @AfterEach
  void cleanup() {
    if (node != null) {
      node.close();
    }
    if (name != null) {
      docker.removeAll(List.of(name));
    }
    docker.removePool(nodeId);
    docker.close();
  }

  @Test
  void a_function_that_exits_at_import_shows_its_exit_code_and_line_and_rm_leaves_no_image_or_tag() throws Exception {
    Path data = tmp.resolve("data");
    node = NodeProcess.start(data, nodeId);
    node.awaitHealthy();
    name = E2eNames.fresh();
    PlatCli cli = PlatCli.against(node, tmp.resolve("home"));
    Path dir = tmp.resolve(name);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("plat.json"), TestFunctions.manifest(name).encodePrettily());
    Files.writeString(dir.resolve("handler.py"), HANDLER);
    PlatCli.Result deploy = cli.run(dir, "deploy");
    assertNotEquals(0, deploy.exit(), deploy::toString);

    PlatApi api = new PlatApi(node.url());
    JsonObject status = Poll.until(WAIT, name + " failing with no container left", () -> {
      JsonObject s = api.function(name).json();
      return "failing".equals(s.getString("state")) && docker.containers(name).isEmpty()
        && docker.pooled(name).isEmpty() ? s : null;
    }, node::output);
    JsonObject failure = status.getJsonObject("lastFailure");
    assertEquals(3, failure.getInteger("exitCode"), status::encodePrettily);
    assertEquals("exited with code 3", failure.getString("reason"), status::encodePrettily);
    assertTrue(failure.getJsonArray("logs").contains(LINE), status::encodePrettily);

    PlatCli.Result get = cli.run(tmp, "get", name);
    assertTrue(get.out().contains("exited with code 3") && get.out().contains(LINE), get::toString);
    PlatCli.Result logs = cli.run(tmp, "logs", name);
    assertEquals(0, logs.exit(), logs::toString);
    assertTrue(logs.out().contains(LINE), logs::toString);
    assertTrue(logs.err().contains("exited with code 3"), logs::toString);

    assertFalse(docker.images(name).isEmpty(), "its image is there before the delete");
    assertEquals(200, tags(name).statusCode(), "its tag is in the registry before the delete");
    PlatCli.Result rm = cli.run(tmp, "rm", name);
    assertEquals(0, rm.exit(), rm::toString);
    // rm answers once the function is gone from the registry; its instances and images go after
    Poll.untilTrue(WAIT, "every image of " + name + " and its registry tags to be removed", () -> {
      HttpResponse<String> tags = tags(name);
      return docker.images(name).isEmpty() && (tags.statusCode() == 404 || new JsonObject(tags.body()).getJsonArray("tags") == null
        || new JsonObject(tags.body()).getJsonArray("tags").isEmpty());
    }, () -> "images left: " + docker.images(name));

    // a socket folder whose instance is gone (a node killed half-way) does not survive a restart
    node.kill();
    Path stale = data.resolve("sockets").resolve("stalefold1");
    Files.createDirectories(stale);
    Files.createDirectories(data.resolve("sockets").resolve("stalefold1.code"));
    node = NodeProcess.start(data, nodeId);
    node.awaitHealthy();
    Poll.untilTrue(WAIT, "the stale socket folder is swept", () -> !Files.exists(stale)
      && !Files.exists(data.resolve("sockets").resolve("stalefold1.code")), node::output);
  }

  private static HttpResponse<String> tags(String function) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:5000/v2/plat/" + function + "/tags/list"))
      .GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
