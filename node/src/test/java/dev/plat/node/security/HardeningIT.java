package dev.plat.node.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.node.FunctionDocker;
import dev.plat.node.NodeProcess;
import dev.plat.node.PlatApi;
import dev.plat.node.TestZips;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A function's container as its own code sees it, against a real node: user 10001, no
 * capabilities, {@code no_new_privs}, a read-only root with a writable {@code /tmp}, no Docker
 * socket, no network but its own loopback (the node's gateway port on 127.0.0.1 is not reachable
 * from inside), a memory limit; and as {@code docker inspect} shows it.
 */
class HardeningIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String PROBE = """
    import os
    import socket


    def can_write(path):
        try:
            with open(path, "w") as f:
                f.write("x")
            return True
        except OSError:
            return False


    def reaches(port):
        s = socket.socket()
        s.settimeout(2)
        try:
            s.connect(("127.0.0.1", port))
            return True
        except OSError:
            return False
        finally:
            s.close()


    def handle(req):
        status = {}
        for line in open("/proc/self/status").read().splitlines():
            key, _, value = line.partition(":")
            status[key] = value.strip()
        memory = "/sys/fs/cgroup/memory.max"
        return {"uid": os.getuid(), "gid": os.getgid(), "capEff": status.get("CapEff"),
                "noNewPrivs": status.get("NoNewPrivs"), "rootWritable": can_write("/hardening-probe"),
                "tmpWritable": can_write("/tmp/hardening-probe"),
                "dockerSocket": os.path.exists("/var/run/docker.sock") or os.path.exists("/run/docker.sock"),
                "interfaces": sorted(os.listdir("/sys/class/net")),
                "gatewayReachable": reaches(int(req.query.get("port", "8080"))),
                "memoryMax": open(memory).read().strip() if os.path.exists(memory) else None}
    """;

  @TempDir
  Path tmp;

  @Test
  void a_functions_own_code_finds_no_privilege_no_network_and_no_writable_root() throws Exception {
    FunctionDocker docker = FunctionDocker.require();
    NodeProcess node = NodeProcess.startHealthy(tmp.resolve("data"), "e2e-hardening", List.of());
    String name = "hardening-probe";
    try {
      PlatApi api = new PlatApi(node.url());
      PlatApi.Response accepted = api.deploy(name, "python-flask", TestZips.pythonFunction(PROBE), NodeProcess.ADMIN_TOKEN);
      assertEquals(202, accepted.status(), () -> accepted + node.output());
      JsonObject status = api.awaitServing(name, WAIT, node::output);

      int gatewayPort = URI.create(node.url()).getPort();
      PlatApi.Response probe = api.get("/function/" + name + "/?port=" + gatewayPort, NodeProcess.ADMIN_TOKEN);
      assertEquals(200, probe.status(), probe::toString);
      JsonObject seen = probe.json();
      String all = seen.encodePrettily();
      assertEquals(10001, seen.getInteger("uid"), all);
      assertEquals(10001, seen.getInteger("gid"), all);
      assertEquals("0000000000000000", seen.getString("capEff"), all);
      assertEquals("1", seen.getString("noNewPrivs"), all);
      assertFalse(seen.getBoolean("rootWritable"), all);
      assertTrue(seen.getBoolean("tmpWritable"), all);
      assertFalse(seen.getBoolean("dockerSocket"), all);
      assertEquals(new JsonArray().add("lo"), seen.getJsonArray("interfaces"), all);
      assertFalse(seen.getBoolean("gatewayReachable"), all);
      String memory = seen.getString("memoryMax");
      assertTrue(memory == null || !"max".equals(memory), all);

      String container = status.getJsonArray("instances").getJsonObject(0).getString("container");
      JsonObject host = docker.inspect(container).raw().getJsonObject("HostConfig");
      String inspected = host.encodePrettily();
      assertEquals("none", host.getString("NetworkMode"), inspected);
      assertEquals(Boolean.TRUE, host.getBoolean("ReadonlyRootfs"), inspected);
      assertTrue(host.getJsonArray("CapDrop", new JsonArray()).contains("ALL"), inspected);
      assertTrue(host.getJsonArray("SecurityOpt", new JsonArray()).stream()
        .anyMatch(o -> String.valueOf(o).startsWith("no-new-privileges")), inspected);
      assertTrue(host.getLong("Memory", 0L) > 0 && host.getLong("PidsLimit", 0L) > 0, inspected);
      assertFalse(Boolean.TRUE.equals(host.getBoolean("Privileged")), inspected);
    } finally {
      try {
        node.stop();
      } finally {
        docker.removeAll(List.of(name));
        docker.close();
      }
    }
  }
}
