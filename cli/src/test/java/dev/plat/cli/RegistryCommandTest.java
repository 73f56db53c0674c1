package dev.plat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plat registry login, ls and logout, and plat deploy --image: the requests sent and what is printed (never a password). */
class RegistryCommandTest {
  private static final String HOST = "registry.example.com";
  private static final String SUMMARY = "{\"host\":\"" + HOST + "\",\"createdAt\":1,\"updatedAt\":2}";
  @TempDir
  Path tmp;
  FakePlatServer server;
  CliRun cli;

  @BeforeEach
  void setUp() throws IOException {
    server = new FakePlatServer().json("PUT", "/api/registries/" + HOST, 200, SUMMARY)
      .json("GET", "/api/registries", 200, "{\"registries\":[" + SUMMARY + "]}")
      .json("DELETE", "/api/registries/" + HOST, 200, "{\"host\":\"" + HOST + "\",\"deleted\":true}")
      .json("POST", "/api/functions", 201, "{\"name\":\"own\",\"version\":3,\"image\":\"" + HOST + "/t/x:1\","
        + "\"digest\":\"sha256:" + "d".repeat(64) + "\"}")
      .json("GET", "/api/functions/own", 200, "{\"name\":\"own\",\"version\":3,\"state\":\"ready\"}");
    cli = CliRun.against(server.url(), tmp);
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  @Test
  void loginReadsThePasswordFromStdinAndNeverPrintsIt() {
    cli.stdin = new ByteArrayInputStream("s3cret-pw\n".getBytes(StandardCharsets.UTF_8));

    CliRun.Result r = cli.run("registry", "login", HOST, "-u", "ci", "--password-stdin");

    assertEquals(0, r.exit(), r.toString());
    JsonNode sent = JsonTrees.tryParse(server.requests("PUT", "/api/registries/" + HOST).get(0).body());
    assertEquals("ci", sent.path("username").asText());
    assertEquals("s3cret-pw", sent.path("password").asText());
    assertFalse(r.out().contains("s3cret-pw") || r.err().contains("s3cret-pw"), r.toString());
    assertTrue(r.out().contains("Login stored for " + HOST), r.out());
  }

  @Test
  void loginWithoutAPasswordOrUserIsAUsageError() {
    assertEquals(2, cli.run("registry", "login", HOST, "-u", "ci", "--password-stdin").exit());
    assertEquals(2, cli.run("registry", "login", HOST, "--password-stdin").exit());
    assertTrue(server.requests.isEmpty());
  }

  @Test
  void lsAndLogout() {
    CliRun.Result ls = cli.run("registry", "ls");
    assertEquals(0, ls.exit(), ls.toString());
    assertTrue(ls.out().contains(HOST), ls.out());
    CliRun.Result logout = cli.run("registry", "logout", HOST);
    assertEquals(0, logout.exit(), logout.toString());
    assertEquals(1, server.requests("DELETE", "/api/registries/" + HOST).size());
  }

  @Test
  void deployImageSendsTheSpecAsJsonWithoutRuntimeAndWaitsUntilItServes() {
    CliRun.Result r = cli.run("deploy", "--image", HOST + "/t/x:1", "--name", "own", "-e", "A=1");

    assertEquals(0, r.exit(), r.toString());
    FakePlatServer.Recorded post = server.requests("POST", "/api/functions").get(0);
    assertEquals("application/json", post.header("Content-Type"));
    JsonNode spec = JsonTrees.tryParse(post.body()).path("spec");
    assertEquals(HOST + "/t/x:1", spec.path("image").asText());
    assertEquals("own", spec.path("name").asText());
    assertEquals("1", spec.path("env").path("A").asText());
    assertTrue(spec.path("runtime").isMissingNode());
    assertTrue(r.out().contains("Deployed own v3"), r.out());
    assertEquals(2, cli.run("deploy", "--image", HOST + "/t/x:1", "--name", "own", "--watch").exit());
  }
}
