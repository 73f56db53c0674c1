package dev.plat.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets on the real dockerd: created with the CLI, listed by a function, read by its code from
 * {@code /run/secrets/db/password}; no API answer nor stored file holds the value (only the
 * instance's own read-only folder, on a tmpfs: nothing under the data folder); a rotation under
 * load serves the new value without a failed request; removing a secret in use is 409. A secret's
 * key as an environment variable ({@code secretEnv}) and a binary file, byte for byte.
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

    // nor any file of the data folder; only the instance's own secrets folder on a tmpfs, mode 0400
    assertTrue(filesHolding(data, first).isEmpty(), "no plain value under the data folder");
    secretsRoot = secretsRootOf(data);
    List<Path> plain = filesHolding(secretsRoot, first);
    assertEquals(1, plain.size(), "the instance's file is there");
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

    // a stop leaves the instance running with its secrets; a folder no container uses goes
    Path orphan = Files.createDirectories(secretsRoot.resolve("orphan.secrets").resolve("db"));
    Files.writeString(orphan.resolve("password"), "old");
    assertTrue(node.stop(), "the node stops within 30 s");
    assertFalse(Files.exists(orphan.getParent()), "the folder of an instance without a container is removed");
    assertEquals(1, filesHolding(secretsRoot, second).size(), "the running instance keeps its secret file");
  }

  @Test
  void secret_env_and_a_binary_file_reach_the_function_and_no_plain_value_rests_under_the_data_folder() throws Exception {
    Path data = tmp.resolve("data");
    node = NodeProcess.startHealthy(data, nodeId);
    PlatApi api = new PlatApi(node.url());
    PlatCli cli = PlatCli.against(node, tmp.resolve("home"));
    String token = "tok-" + E2eNames.fresh();
    String rotated = "tok2-" + E2eNames.fresh();
    byte[] der = new byte[4096];
    new java.util.Random(15).nextBytes(der);
    der[0] = (byte) 0xff; // never UTF-8 text
    Path derFile = Files.write(tmp.resolve("key.der"), der);

    PlatCli.Result created = cli.run(tmp, "secret", "create", "tls", "--from-file", derFile.toString(),
      "--from-literal", "token=" + token);
    assertEquals(0, created.exit(), created::toString);

    String name = E2eNames.fresh();
    names.add(name);
    PlatApi.Response deployed = api.deploy(name, "python-flask", TestZips.pythonFunction(ENV_AND_FILE_HANDLER),
      NodeProcess.ADMIN_TOKEN, new JsonObject().put("secrets", new JsonArray().add("tls"))
        .put("secretEnv", new JsonObject().put("API_TOKEN", "tls/token")));
    assertEquals(202, deployed.status(), deployed::toString);
    JsonObject ready = api.awaitServing(name, WAIT, node::output);
    assertEquals(new JsonObject().put("API_TOKEN", "tls/token"), ready.getJsonObject("secretEnv"));

    // the variable is set, the binary file holds exactly the bytes given
    PlatApi.Response call = api.get("/function/" + name, NodeProcess.ADMIN_TOKEN);
    assertEquals(200, call.status(), call::toString);
    assertEquals(token + "|" + java.util.Base64.getEncoder().encodeToString(der), call.body());
    assertFalse(api.function(name).body().contains(token), "the API shows the reference, never the value");
    PlatCli.Result get = cli.run(tmp, "get", name);
    assertTrue(get.out().contains("API_TOKEN=tls/token") && !get.out().contains(token), get::toString);

    // no plain value under the data folder: the files are on a tmpfs, the env value is in none
    List<Path> underData = filesHolding(data, token);
    assertTrue(underData.isEmpty(), () -> "plain value under the data folder: " + underData);
    assertTrue(filesHoldingBytes(data, Arrays.copyOf(der, 256)).isEmpty(), "no plain binary value under the data folder");
    secretsRoot = secretsRootOf(data);
    List<Path> inMemory = filesHolding(secretsRoot, token);
    assertEquals(1, inMemory.size(), inMemory::toString);
    Path file = inMemory.get(0);
    assertTrue(file.toString().matches("/dev/shm/plat-[0-9a-f]{16}/[a-z0-9]+\\.secrets/tls/token"), file::toString);
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secretsRoot)));
    assertEquals("r--------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertArrayEquals(der, Files.readAllBytes(file.resolveSibling("key.der")));

    // a use of the secret: deleting it is 409 even once the function reads it only as env
    PlatApi.Response patched = api.patch(name, new JsonObject().put("secrets", new JsonArray()), NodeProcess.ADMIN_TOKEN);
    assertEquals(200, patched.status(), patched::toString);
    PlatApi.Response envOnly = api.get("/function/" + name, NodeProcess.ADMIN_TOKEN);
    assertEquals(token + "|-", envOnly.body(), "env only, no file: " + envOnly);
    PlatApi.Response delete = api.send(api.request("/api/secrets/tls", NodeProcess.ADMIN_TOKEN).DELETE().build());
    assertEquals(409, delete.status(), delete::toString);
    assertEquals("secret_in_use", delete.code());

    // a rotation rolls the instance: the new value in its environment
    PlatCli.Result update = cli.run(tmp, "secret", "update", "tls", "--from-file", derFile.toString(),
      "--from-literal", "token=" + rotated);
    assertEquals(0, update.exit(), update::toString);
    Poll.until(WAIT, "the rotated env value served", () -> {
      PlatApi.Response r = api.get("/function/" + name, NodeProcess.ADMIN_TOKEN);
      return r.status() == 200 && r.body().equals(rotated + "|-") ? true : null;
    }, node::output);
    assertFalse(node.output().contains(token) || node.output().contains(rotated), "no log line holds a value");

    // removed with the instances
    PlatApi.Response removed = api.send(api.request("/api/functions/" + name, NodeProcess.ADMIN_TOKEN).DELETE().build());
    assertTrue(removed.status() < 300, removed::toString);
    Path root = secretsRoot;
    Poll.until(WAIT, "the instances' secret folders gone", () -> {
      try (Stream<Path> left = Files.list(root)) {
        return left.findAny().isEmpty() ? true : null;
      }
    }, node::output);

    // and the node's own folder on the tmpfs once it stops
    assertTrue(node.stop(), "the node stops within 30 s");
    assertFalse(Files.exists(root), () -> root + " is left behind");
  }

  private static final String ENV_AND_FILE_HANDLER = """
    import base64, os
    def handle(req):
        der = '-'
        if os.path.exists('/run/secrets/tls/key.der'):
            with open('/run/secrets/tls/key.der', 'rb') as f:
                der = base64.b64encode(f.read()).decode()
        return os.environ.get('API_TOKEN', '-') + '|' + der
    """;

  private Path secretsRoot;

  /** Where the node of {@code data} writes its instances' secret files: a tmpfs folder named after the data folder. */
  private static Path secretsRootOf(Path data) throws Exception {
    return Path.of("/dev/shm", "plat-" + java.util.HexFormat.of().formatHex(java.security.MessageDigest
      .getInstance("SHA-256").digest(data.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8)), 0, 8));
  }

  @AfterEach
  void removeSecretsRoot() throws Exception {
    if (secretsRoot != null && Files.isDirectory(secretsRoot)) {
      try (Stream<Path> paths = Files.walk(secretsRoot)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static List<Path> filesHolding(Path root, String value) throws Exception {
    return filesHoldingBytes(root, value.getBytes(StandardCharsets.UTF_8));
  }

  private static List<Path> filesHoldingBytes(Path root, byte[] needle) throws Exception {
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
