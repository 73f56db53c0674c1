package dev.plat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's token matrix on a real node started with
 * {@code --tokens inv-secret:invoker,dep-secret:deployer} and an admin {@code --auth-token}.
 */
class AuthIT {
  private static final String INVOKER = "inv-secret";
  private static final String DEPLOYER = "dep-secret";

  @TempDir
  static Path tmp;
  private static NodeProcess node;
  private static PlatApi api;

  @BeforeAll
  static void startNode() throws Exception {
    DockerCheck.requireDocker();
    node = NodeProcess.startHealthy(tmp.resolve("data"), "e2e-auth", "--tokens", INVOKER + ":invoker," + DEPLOYER + ":deployer");
    api = new PlatApi(node.url());
  }

  @AfterAll
  static void stopNode() throws Exception {
    if (node != null) {
      node.stop();
    }
  }

  @Test
  void no_token_is_401_with_www_authenticate() {
    PlatApi.Response response = api.get("/api/functions", null);
    assertEquals(401, response.status(), response::toString);
    assertEquals("unauthorized", response.code());
    assertTrue(response.raw().headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"),
      response.raw().headers()::toString);
  }

  @Test
  void a_wrong_token_is_401() {
    PlatApi.Response response = api.get("/api/functions", "not-a-token");
    assertEquals(401, response.status(), response::toString);
    assertEquals("unauthorized", response.code());
    assertTrue(response.raw().headers().firstValue("WWW-Authenticate").isPresent(), response.raw().headers()::toString);
  }

  @Test
  void an_invoker_token_is_403_on_the_management_api() {
    PlatApi.Response list = api.get("/api/functions", INVOKER);
    assertEquals(403, list.status(), list::toString);
    assertEquals("forbidden", list.code());
    PlatApi.Response deploy = api.deploy(E2eNames.fresh(), "python-flask", TestZips.pythonFunction(), INVOKER);
    assertEquals(403, deploy.status(), deploy::toString);
    assertEquals("forbidden", deploy.code());
  }

  @Test
  void a_deployer_token_and_the_admin_token_are_200() {
    for (String token : new String[] {DEPLOYER, NodeProcess.ADMIN_TOKEN}) {
      PlatApi.Response response = api.get("/api/functions", token);
      assertEquals(200, response.status(), () -> token + ": " + response);
      assertTrue(response.json().containsKey("functions"), response::toString);
    }
  }

  @Test
  void the_cli_with_a_wrong_token_exits_1_naming_the_refusal() {
    PlatCli.Result ls = new PlatCli(node.url(), "not-a-token", tmp.resolve("home")).run(tmp, "ls");
    assertEquals(1, ls.exit(), ls::toString);
    assertTrue(ls.err().contains("unauthorized"), ls::toString);
  }
}
