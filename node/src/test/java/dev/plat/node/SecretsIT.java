package dev.plat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets on the real dockerd: created with the CLI, listed by a function, read by its code from
 * {@code /run/secrets/db/password}; no API answer nor stored file holds the value (only the
 * instance's own read-only folder); a rotation under load serves the new value without a failed
 * request; removing a secret in use is 409.
 */
class SecretsIT {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String HANDLER = """
    def handle(req):
        with open('/run/secrets/db/password') as f:
            return f.read()
    """;

  @TempDir
  Path tmp;
  private NodeProcess node;
  private FunctionDocker docker;
  private final List<String> names = new ArrayList<>();
  private final String nodeId = "e2e-secrets-" + E2eNames.fresh().substring(4);

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
  void a_function_reads_its_secret_from_a_file_that_no_api_nor_store_reveals_and_a_rotation_rolls_it() throws Exception {
    Path data = tmp.resolve("data");
    node = NodeProcess.startHealthy(data, nodeId);
    PlatApi api = new PlatApi(node.url());
    PlatCli cli = PlatCli.against(node, tmp.resolve("home"));
    String first = "pw-" + E2eNames.fresh();
    String second = "pw2-" + E2eNames.fresh();

    PlatCli.Result created = cli.run(tmp, "secret", "create", "db", "--from-literal", "password=" + first);
    assertEquals(0, created.exit(), created::toString);
    assertFalse(created.out().contains(first) || created.err().contains(first), created::toString);

    String name = E2eNames.fresh();
    names.add(name);
    PlatApi.Response deployed = api.deploy(name, "python-flask", TestZips.pythonFunction(HANDLER),
      NodeProcess.ADMIN_TOKEN, new JsonObject().put("secrets", new JsonArray().add("db")));
    assertEquals(202, deployed.status(), deployed::toString);
    JsonObject ready = api.awaitServing(name, WAIT, node::output);
    assertEquals(new JsonArray().add("db"), ready.getJsonArray("secrets"));
    PlatApi.Response call = api.get("/function/" + name, NodeProcess.ADMIN_TOKEN);
    assertEquals(200, call.status(), call::toString);
    assertEquals(first, call.body());

    // no answer of the API holds the value
    PlatApi.Response list = api.get("/api/secrets", NodeProcess.ADMIN_TOKEN);
    assertEquals(200, list.status(), list::toString);
    JsonObject db = list.json().getJsonArray("secrets").getJsonObject(0);
    assertEquals("db", db.getString("name"));
    assertEquals(new JsonArray().add("password"), db.getJsonArray("keys"));
    assertEquals(new JsonArray().add(name), db.getJsonArray("functions"));
    assertFalse(list.body().contains(first), list::toString);
    assertFalse(api.function(name).body().contains(first));
    PlatCli.Result ls = cli.run(tmp, "secret", "ls", "-o", "json");
    assertEquals(0, ls.exit(), ls::toString);
    assertFalse(ls.out().contains(first));
    assertTrue(ls.out().contains("password"), ls::toString);

    // nor any file of the data folder but the instance's own secrets folder, mode 0400
    List<Path> plain = filesHolding(data, first);
    assertFalse(plain.isEmpty(), "the instance's file is there");
    for (Path file : plain) {
      assertTrue(file.getParent().getParent().getFileName().toString().endsWith(".secrets"), "plain value in " + file);
      assertEquals("r--------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
    assertTrue(Files.readString(data.resolve("secrets").resolve("secrets.json")).contains("password"));

    // a rotation under load: every request answers 200, with the old value and then the new one
    URI uri = URI.create(node.url() + "/function/" + name);
    try (LoadLoop load = LoadLoop.start(2, () -> HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + NodeProcess.ADMIN_TOKEN).GET().build())) {
      Poll.until(WAIT, "requests under load", () -> load.outcomes().size() >= 5 ? true : null, node::output);
      PlatApi.Response rotated = api.send(api.request("/api/secrets/db", NodeProcess.ADMIN_TOKEN)
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(new JsonObject().put("data", new JsonObject().put("password", second))
          .encode())).build());
      assertEquals(200, rotated.status(), rotated::toString);
      assertFalse(rotated.body().contains(second));
      Poll.until(WAIT, "the new value served", () -> load.outcomes().stream()
        .anyMatch(o -> second.equals(o.body())) ? true : null, node::output);
      List<LoadLoop.Outcome> outcomes = load.stop();
      List<LoadLoop.Outcome> failed = outcomes.stream().filter(o -> o.status() != 200
        || !(first.equals(o.body()) || second.equals(o.body()))).toList();
      assertTrue(failed.isEmpty(), () -> failed.size() + " of " + outcomes.size() + " failed: " + failed);
    }
    PlatApi.Response after = api.get("/function/" + name, NodeProcess.ADMIN_TOKEN);
    assertEquals(second, after.body());
    assertTrue(filesHolding(data.resolve("secrets"), second).isEmpty(), "the store holds no plain value");
    assertFalse(node.output().contains(first) || node.output().contains(second), "no log line holds a value");

    // a secret in use cannot go
    PlatCli.Result rm = cli.run(tmp, "secret", "rm", "db");
    assertTrue(rm.exit() != 0, rm::toString);
    assertTrue(rm.err().contains(name), rm::toString);
    PlatApi.Response delete = api.send(api.request("/api/secrets/db", NodeProcess.ADMIN_TOKEN).DELETE().build());
    assertEquals(409, delete.status(), delete::toString);
    assertEquals("secret_in_use", delete.code());
  }

  private static List<Path> filesHolding(Path root, String value) throws Exception {
    byte[] needle = value.getBytes(StandardCharsets.UTF_8);
    List<Path> found = new ArrayList<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.filter(Files::isRegularFile).toList()) {
        byte[] bytes;
        try {
          bytes = Files.readAllBytes(p);
        } catch (java.io.IOException gone) {
          continue;
        }
        if (new String(bytes, StandardCharsets.ISO_8859_1).contains(new String(needle, StandardCharsets.ISO_8859_1))) {
          found.add(p);
        }
      }
    }
    return found;
  }
}
