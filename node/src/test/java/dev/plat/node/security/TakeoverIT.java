package dev.plat.node.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.plat.node.FunctionDocker;
import dev.plat.node.NodeProcess;
import dev.plat.node.PlatApi;
import dev.plat.node.Poll;
import dev.plat.node.TestZips;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A function cannot rename itself into another: its code writes an assignment naming another
 * function wherever it can (its writable socket folder; its code folder is read-only), the node is
 * killed and restarted, and each function still has its own instance, which answers with its own
 * code. (When the assignment lay in the socket folder, the restarted controller adopted the
 * attacker's container as the victim's instance and removed the real one.)
 */
class TakeoverIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String ATTACKER = """
    import json


    def handle(req):
        if req.path != "/attack":
            return "attacker"
        try:
            with open("/plat/code/function.json") as f:
                assignment = json.load(f)
        except (OSError, ValueError):
            assignment = {"version": 1}
        assignment["function"] = "@VICTIM@"
        out = {}
        for target in ("/run/plat/function.json", "/plat/code/function.json"):
            try:
                with open(target, "w") as f:
                    json.dump(assignment, f)
                out[target] = "written"
            except OSError as e:
                out[target] = type(e).__name__
        return out
    """;

  @TempDir
  Path tmp;

  @Test
  void an_assignment_written_by_a_function_naming_another_is_ignored_after_a_restart() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    String victim = "tk-victim-" + suffix;
    String attacker = "tk-attacker-" + suffix;
    FunctionDocker docker = FunctionDocker.require();
    Path data = tmp.resolve("data");
    NodeProcess first = NodeProcess.startHealthy(data, "e2e-takeover", List.of());
    NodeProcess second = null;
    try {
      PlatApi api = new PlatApi(first.url());
      deployReady(api, first, victim, TestZips.zip().file("handler.py", "def handle(req):\n    return 'victim'\n").bytes());
      deployReady(api, first, attacker, TestZips.zip().file("handler.py", ATTACKER.replace("@VICTIM@", victim)).bytes());
      String victimContainer = container(api.function(victim).json());

      PlatApi.Response attack = api.get("/function/" + attacker + "/attack", NodeProcess.ADMIN_TOKEN);
      assertEquals(200, attack.status(), attack::toString);
      assertNotEquals("written", attack.json().getString("/plat/code/function.json"), () -> "the code folder is read-only: " + attack);

      first.kill();
      second = NodeProcess.startHealthy(data, "e2e-takeover", List.of());
      PlatApi again = new PlatApi(second.url());
      NodeProcess restarted = second;
      for (String name : List.of(victim, attacker)) {
        Poll.until(WAIT, name + " ready after the restart", () -> {
          JsonObject status = again.function(name).json();
          return "ready".equals(status.getString("state")) ? status : null;
        }, restarted::output);
      }
      assertEquals(victimContainer, container(again.function(victim).json()), "the victim keeps its own instance");
      assertEquals("victim", again.get("/function/" + victim, NodeProcess.ADMIN_TOKEN).body());
      assertEquals("attacker", again.get("/function/" + attacker, NodeProcess.ADMIN_TOKEN).body());
    } finally {
      try {
        first.kill();
        if (second != null) {
          second.stop();
        }
      } finally {
        docker.removeAll(List.of(victim, attacker));
        docker.close();
      }
    }
  }

  private static void deployReady(PlatApi api, NodeProcess node, String name, byte[] zip) {
    PlatApi.Response accepted = api.deploy(name, "python-flask", zip, NodeProcess.ADMIN_TOKEN);
    assertEquals(202, accepted.status(), () -> accepted + node.output());
    api.awaitServing(name, WAIT, node::output);
  }

  private static String container(JsonObject status) {
    JsonArray instances = status.getJsonArray("instances");
    assertEquals(1, instances.size(), status::encodePrettily);
    return instances.getJsonObject(0).getString("container");
  }
}
