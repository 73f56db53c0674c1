package dev.plat.node.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.node.FunctionDocker;
import dev.plat.node.NodeProcess;
import dev.plat.node.PlatApi;
import dev.plat.node.Poll;
import dev.plat.node.TestZips;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A function's socket folder is its own to write, so its code can replace {@code fn.sock} with a
 * link to the host's {@code /var/run/docker.sock} or to another instance's socket. Against a real
 * node: the proxy never lets dockerd answer an invocation (new connections go to the instance's
 * own processes only: 502 {@code instance_unverified}), and the health probe never counts another
 * instance's answer (the function never becomes ready).
 */
class InstanceSocketLinkIT {
  private static final Duration WAIT = Duration.ofSeconds(120);
  /**
   * On {@code ?swap=1}: fn.sock becomes a link to dockerd's socket; from then on each worker ends
   * after one answer, so the proxy's kept-alive connections close and it must connect anew.
   */
  private static final String SWAPPER = """
    import os, threading

    SOCK = "/run/plat/fn.sock"

    def handle(req):
        if req.query.get("swap") == "1":
            os.rename(SOCK, "/run/plat/x.sock")
            os.symlink("/var/run/docker.sock", SOCK)
            return "swapped"
        if os.path.islink(SOCK):
            threading.Timer(0.05, os._exit, (0,)).start()
        return "function"
    """;
  /** Swaps fn.sock for a link to TARGET the moment gunicorn binds it, before it listens. */
  private static final String THIEF = """
    import os
    import gunicorn.sock

    TARGET = "%s"
    _bind = gunicorn.sock.UnixSocket.bind

    def _bind_then_swap(self, sock):
        _bind(self, sock)
        os.rename("/run/plat/fn.sock", "/run/plat/x.sock")
        os.symlink(TARGET, "/run/plat/fn.sock")

    gunicorn.sock.UnixSocket.bind = _bind_then_swap

    def handle(req):
        return "thief"
    """;

  @TempDir
  static Path tmp;
  private static FunctionDocker docker;
  private static NodeProcess node;
  private static PlatApi api;

  @BeforeAll
  static void startNode() throws Exception {
    docker = FunctionDocker.require();
    // no pool: each instance is a container of its own image, its code loaded before gunicorn binds
    node = NodeProcess.startHealthy(tmp.resolve("data"), "e2e-socklink", List.of(), "--pool-size", "0",
      "--instance-start-timeout-seconds", "3");
    api = new PlatApi(node.url());
  }

  @AfterAll
  static void stopNode() throws Exception {
    try {
      if (node != null) {
        node.stop();
      }
    } finally {
      docker.removeAll(List.of("sock-swap", "peer-victim", "peer-thief"));
      docker.close();
    }
  }

  private static void deployReady(String name, byte[] zip) {
    PlatApi.Response accepted = api.deploy(name, "python-flask", zip, NodeProcess.ADMIN_TOKEN);
    assertEquals(202, accepted.status(), () -> accepted + node.output());
    api.awaitServing(name, WAIT, node::output);
  }

  @Test
  void a_socket_linked_to_dockerd_gets_502_and_dockerd_never_answers_an_invocation() {
    deployReady("sock-swap", TestZips.pythonFunction(SWAPPER));
    PlatApi.Response swapped = api.get("/function/sock-swap/?swap=1", NodeProcess.ADMIN_TOKEN);
    assertEquals("swapped", swapped.body(), swapped::toString);
    PlatApi.Response refused = Poll.until(WAIT, "an invocation on a new connection", () -> {
      PlatApi.Response r = api.get("/function/sock-swap/containers/json", NodeProcess.ADMIN_TOKEN);
      if (r.status() == 200) {
        assertEquals("function", r.body(), () -> "answered by something else than the function: " + r);
        return null;  // a kept-alive connection to the function's own worker, which ends now
      }
      assertEquals(502, r.status(), r::toString);
      assertTrue(Set.of("instance_unverified", "upstream_failed").contains(r.code()), r::toString);
      return "instance_unverified".equals(r.code()) ? r : null;
    }, node::output);
    assertTrue(refused.raw().headers().firstValue("content-type").orElse("").startsWith("application/json"),
      refused::toString);
    assertTrue(refused.raw().headers().firstValue("api-version").isEmpty(), refused::toString);
  }

  @Test
  void a_socket_linked_to_another_instance_never_becomes_ready() {
    deployReady("peer-victim", TestZips.pythonFunction("def handle(req):\n    return 'victim'\n"));
    String victim = api.function("peer-victim").json().getJsonArray("instances").getJsonObject(0).getString("id");
    Path victimSocket = tmp.resolve("data").resolve("sockets").resolve(victim).resolve("fn.sock").toAbsolutePath();
    PlatApi.Response accepted = api.deploy("peer-thief", "python-flask",
      TestZips.pythonFunction(THIEF.formatted(victimSocket)), NodeProcess.ADMIN_TOKEN);
    assertEquals(202, accepted.status(), () -> accepted + node.output());
    PlatApi.Response failing = Poll.until(WAIT, "peer-thief to fail its health checks", () -> {
      PlatApi.Response status = api.function("peer-thief");
      String state = status.json().getString("state");
      assertTrue(!"ready".equals(state), () -> "an instance answered healthy through another's socket: " + status);
      return "failing".equals(state) ? status : null;
    }, node::output);
    assertTrue(failing.json().getString("lastError").contains("not in container"), failing::toString);
    PlatApi.Response own = api.get("/function/peer-victim", NodeProcess.ADMIN_TOKEN);
    assertEquals("victim", own.body(), own::toString);
  }
}
