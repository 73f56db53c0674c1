package dev.plat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.docker.DockerTestSupport;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Your own image" on the real dockerd: an image built by Plat is pushed to a second Debian
 * {@code docker-registry} with htpasswd auth (bcrypt entry made with python3's {@code crypt}) and
 * to the plain local one; {@code plat deploy --image} of the private one fails clearly without
 * credentials, serves after {@code plat registry login}, and no answer, CLI output, log or store
 * file holds the password; an image on the plain registry deploys and serves through the JSON API.
 */
class OwnImageIT {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String USER = "alice";
  private static final String PASSWORD = "pw-" + E2eNames.fresh();
  private static final String HANDLER = """
    def handle(req):
        return 'own image says hi'
    """;

  @TempDir
  static Path registryDir;
  private static Process registry;
  private static String host;

  @TempDir
  Path tmp;
  private NodeProcess node;
  private FunctionDocker docker;
  private final List<String> names = new ArrayList<>();
  private final List<String> tags = new ArrayList<>();
  private final String nodeId = "e2e-image-" + E2eNames.fresh().substring(4);

  @BeforeAll
  static void startAuthRegistry() throws Exception {
    Path binary = Path.of("/usr/bin/docker-registry");
    if (!Files.isExecutable(binary)) {
      DockerTestSupport.unavailable("no " + binary + " (apt-get install docker-registry)");
    }
    Process hash = new ProcessBuilder("python3", "-c", "import crypt,sys; print(crypt.crypt(sys.argv[1], "
      + "crypt.mksalt(crypt.METHOD_BLOWFISH)))", PASSWORD).redirectErrorStream(false).start();
    String bcrypt = new String(hash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (hash.waitFor() != 0 || !bcrypt.startsWith("$2")) {
      DockerTestSupport.unavailable("python3's crypt cannot make a bcrypt hash");
    }
    Files.writeString(registryDir.resolve("htpasswd"), USER + ":" + bcrypt + "\n");
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    host = "127.0.0.1:" + port;
    Files.writeString(registryDir.resolve("registry.yml"), """
      version: 0.1
      log:
        level: warn
      storage:
        filesystem:
          rootdirectory: %s
        delete:
          enabled: true
      http:
        addr: %s
      auth:
        htpasswd:
          realm: plat-test
          path: %s
      """.formatted(registryDir.resolve("data"), host, registryDir.resolve("htpasswd")));
    registry = new ProcessBuilder(binary.toString(), "serve", registryDir.resolve("registry.yml").toString())
      .redirectErrorStream(true).redirectOutput(registryDir.resolve("registry.log").toFile()).start();
    Poll.until(Duration.ofSeconds(30), "the auth registry on " + host, () -> status("http://" + host + "/v2/") == 401
      ? true : null, () -> log());
  }

  @AfterAll
  static void stopAuthRegistry() throws InterruptedException {
    if (registry != null) {
      registry.destroy();
      if (!registry.waitFor(10, TimeUnit.SECONDS)) {
        registry.destroyForcibly();
      }
    }
  }

  @BeforeEach
  void requireDocker() {
    docker = FunctionDocker.require();
  }

  @AfterEach
  void cleanup() {
    if (node != null) {
      node.close();
    }
    // the functions of the own image first: their containers hold the source function's image
    List<String> reversed = new ArrayList<>(names);
    java.util.Collections.reverse(reversed);
    docker.removeAll(reversed);
    tags.forEach(docker::untag);
    docker.removePool(nodeId);
    docker.close();
  }

  @Test
  void an_image_from_a_registry_with_htpasswd_auth_needs_a_login_serves_after_it_and_the_password_never_shows()
      throws Exception {
    Path data = tmp.resolve("data");
    node = NodeProcess.startHealthy(data, nodeId);
    PlatApi api = new PlatApi(node.url());
    PlatCli cli = PlatCli.against(node, tmp.resolve("home"));
    String built = buildImage(api);
    String repository = host + "/team/hello";
    JsonObject auth = new JsonObject().put("username", USER).put("password", PASSWORD).put("serveraddress", host);
    tags.add(repository + ":v1");
    String pushed = docker.tagAndPush(built, repository, "v1", auth);
    String name = E2eNames.fresh();
    names.add(name);

    // a malformed reference: 400 naming the field
    PlatApi.Response bad = deployImage(api, name, "Team//Hello:v1");
    assertEquals(400, bad.status(), bad::toString);
    assertEquals("bad_image", bad.code());
    assertTrue(bad.json().getString("error").contains("spec.image"), bad::toString);

    // no credentials: a clear error, nothing registered
    PlatCli.Result refused = cli.run(tmp, "deploy", "--image", repository + ":v1", "--name", name);
    assertNotEquals(0, refused.exit(), refused::toString);
    assertTrue(refused.err().contains("could not be pulled") && refused.err().contains("plat registry login " + host),
      refused::toString);
    PlatApi.Response api422 = deployImage(api, name, repository + ":v1");
    assertEquals(422, api422.status(), api422::toString);
    assertEquals("image_pull_failed", api422.code());
    assertEquals(404, api.function(name).status());

    // login (password from stdin), then the deploy serves, pinned to the pushed digest
    PlatCli.Result login = cli.runWithInput(tmp, (PASSWORD + "\n").getBytes(StandardCharsets.UTF_8),
      "registry", "login", host, "-u", USER, "--password-stdin");
    assertEquals(0, login.exit(), login::toString);
    PlatCli.Result deployed = cli.run(tmp, "deploy", "--image", repository + ":v1", "--name", name);
    assertEquals(0, deployed.exit(), deployed::toString);
    PlatApi.Response call = api.get("/function/" + name, NodeProcess.ADMIN_TOKEN);
    assertEquals(200, call.status(), call::toString);
    assertEquals("own image says hi", call.body());
    JsonObject fn = api.function(name).json();
    assertEquals(repository + ":v1", fn.getString("image"), fn::encodePrettily);
    assertEquals(pushed, fn.getString("digest"), fn::encodePrettily);
    assertTrue(docker.containers(name).stream().allMatch(c -> c.image().equals(repository + "@" + pushed)),
      () -> "instances run by digest: " + docker.containers(name));

    // the password is in no answer, CLI output, log line or stored file
    PlatCli.Result ls = cli.run(tmp, "registry", "ls", "-o", "json");
    assertEquals(0, ls.exit(), ls::toString);
    assertTrue(ls.out().contains(host), ls::toString);
    List<String> answers = List.of(api.function(name).body(), api.get("/api/functions", NodeProcess.ADMIN_TOKEN).body(),
      api.get("/api/functions/" + name + "/versions", NodeProcess.ADMIN_TOKEN).body(),
      api.get("/api/registries", NodeProcess.ADMIN_TOKEN).body(), api.get("/api/secrets", NodeProcess.ADMIN_TOKEN).body(),
      ls.out(), ls.err(), login.out(), login.err(), deployed.out(), deployed.err(), refused.err(), node.output());
    for (String answer : answers) {
      assertFalse(answer.contains(PASSWORD), () -> "the password shows in: " + answer);
    }
    assertFalse(api.get("/api/secrets", NodeProcess.ADMIN_TOKEN).body().contains(host), "a login is not a secret");
    try (Stream<Path> files = Files.walk(data)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertFalse(Files.readString(file, StandardCharsets.ISO_8859_1).contains(PASSWORD), "plain password in " + file);
      }
    }

    // logout: the login is gone
    PlatCli.Result logout = cli.run(tmp, "registry", "logout", host);
    assertEquals(0, logout.exit(), logout::toString);
    assertFalse(api.get("/api/registries", NodeProcess.ADMIN_TOKEN).body().contains(host));
  }

  @Test
  void an_image_on_the_plain_local_registry_deploys_through_the_json_api_and_serves() throws Exception {
    node = NodeProcess.startHealthy(tmp.resolve("data"), nodeId);
    PlatApi api = new PlatApi(node.url());
    String built = buildImage(api);
    String repository = DockerTestSupport.REGISTRY + "/plat-test/own-" + E2eNames.fresh();
    tags.add(repository + ":v1");
    String pushed = docker.tagAndPush(built, repository, "v1", null);
    String name = E2eNames.fresh();
    names.add(name);

    PlatApi.Response deployed = deployImage(api, name, repository + ":v1");
    assertEquals(201, deployed.status(), deployed::toString);
    assertEquals(pushed, deployed.json().getString("digest"));
    assertEquals(1L, deployed.json().getLong("version"));
    api.awaitServing(name, WAIT, node::output);
    PlatApi.Response call = api.get("/function/" + name, NodeProcess.ADMIN_TOKEN);
    assertEquals(200, call.status(), call::toString);
    assertEquals("own image says hi", call.body());
    assertEquals("image", api.function(name).json().getString("runtime"));
  }

  @Test
  void the_builder_pushes_to_a_registry_that_needs_credentials_once_they_are_stored() throws Exception {
    node = NodeProcess.startHealthy(tmp.resolve("data"), nodeId, "--registry", host);
    // the pool tags its images for the node's registry
    tags.add(host + "/plat/pool-python-flask:latest");
    tags.add(host + "/plat/pool-node:latest");
    PlatApi api = new PlatApi(node.url());
    PlatCli cli = PlatCli.against(node, tmp.resolve("home"));
    String name = E2eNames.fresh();
    names.add(name);

    // no login: the build fails at its push, nothing serves
    PlatApi.Response refused = api.deploy(name, "python-flask", TestZips.pythonFunction(HANDLER), NodeProcess.ADMIN_TOKEN);
    assertEquals(202, refused.status(), refused::toString);
    String failedBuild = refused.json().getString("buildId");
    JsonObject failed = Poll.until(WAIT, "the build to fail", () -> {
      JsonObject b = api.get("/api/builds/" + failedBuild, NodeProcess.ADMIN_TOKEN).json();
      return "failed".equals(b.getString("state")) ? b : null;
    }, node::output);
    assertTrue(failed.encode().contains("auth") || failed.encode().contains("unauthorized"), failed::encodePrettily);

    // login, then the same deploy builds, pushes with the credentials and serves
    PlatCli.Result login = cli.runWithInput(tmp, PASSWORD.getBytes(StandardCharsets.UTF_8),
      "registry", "login", host, "-u", USER, "--password-stdin");
    assertEquals(0, login.exit(), login::toString);
    PlatApi.Response accepted = api.deploy(name, "python-flask", TestZips.pythonFunction(HANDLER), NodeProcess.ADMIN_TOKEN);
    assertEquals(202, accepted.status(), accepted::toString);
    JsonObject ready = api.awaitServing(name, WAIT, node::output);
    assertTrue(ready.getString("image").startsWith(host + "/"), ready::encodePrettily);
    assertEquals("own image says hi", api.get("/function/" + name, NodeProcess.ADMIN_TOKEN).body());
    assertFalse(node.output().contains(PASSWORD), "no log line holds the password");
  }

  /** Deploys a python function the usual way; the image Plat built for it. */
  private String buildImage(PlatApi api) {
    String source = E2eNames.fresh();
    names.add(source);
    PlatApi.Response accepted = api.deploy(source, "python-flask", TestZips.pythonFunction(HANDLER), NodeProcess.ADMIN_TOKEN);
    assertEquals(202, accepted.status(), accepted::toString);
    JsonObject ready = api.awaitServing(source, WAIT, node::output);
    String image = ready.getString("image");
    assertTrue(image != null && !image.isBlank(), ready::encodePrettily);
    return image;
  }

  private static PlatApi.Response deployImage(PlatApi api, String name, String image) {
    JsonObject body = new JsonObject().put("spec", new JsonObject().put("name", name).put("image", image));
    return api.send(api.request("/api/functions", NodeProcess.ADMIN_TOKEN).header("Content-Type", "application/json")
      .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
  }

  private static int status(String url) {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
      c.setConnectTimeout(2_000);
      c.setReadTimeout(5_000);
      try {
        return c.getResponseCode();
      } finally {
        c.disconnect();
      }
    } catch (IOException e) {
      return -1;
    }
  }

  private static String log() {
    try {
      return Files.readString(registryDir.resolve("registry.log"));
    } catch (IOException e) {
      return "(no registry log: " + e + ")";
    }
  }
}
