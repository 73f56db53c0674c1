package dev.plat.node.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.ClusterSecret;
import dev.plat.cluster.Names;
import dev.plat.node.FunctionDocker;
import dev.plat.node.NodeProcess;
import dev.plat.node.PlatApi;
import dev.plat.node.TestZips;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real node and a function that echoes what it receives: the proxy port serves only callers with
 * the cluster secret (401 otherwise, with or without {@code X-Plat-Forwarded-By}), and neither the
 * gateway's token (header or {@code access_token}) nor the cluster secret reaches a function, on
 * the gateway's fast path (HTTP/1.1) and its Vert.x path (the JDK client's h2c upgrade).
 */
class IsolationIT {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String PRIVATE = "iso-private";
  private static final String PUBLIC = "iso-public";
  private static final String ADMIN = NodeProcess.ADMIN_TOKEN;

  @TempDir
  static Path tmp;
  private static FunctionDocker docker;
  private static NodeProcess node;
  private static PlatApi api;
  private static PlatApi proxyPort;

  @BeforeAll
  static void startNodeAndDeploy() throws Exception {
    docker = FunctionDocker.require();
    node = NodeProcess.startHealthy(tmp.resolve("data"), "e2e-isolation", List.of());
    api = new PlatApi(node.url());
    proxyPort = new PlatApi(node.proxyUrl());
    deploy(PRIVATE, new JsonObject());
    deploy(PUBLIC, new JsonObject().put("public", true));
  }

  private static void deploy(String name, JsonObject spec) {
    PlatApi.Response accepted = api.deploy(name, "python-flask", TestZips.pythonEcho(), ADMIN, spec);
    assertEquals(202, accepted.status(), () -> accepted + node.output());
    api.awaitServing(name, WAIT, node::output);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (node != null) {
        node.stop();
      }
    } finally {
      if (docker != null) {
        docker.removeAll(List.of(PRIVATE, PUBLIC));
        docker.close();
      }
    }
  }

  /** What the function saw of a gateway call, which must succeed. */
  private static JsonObject seen(PlatApi on, boolean http1, String path, String... headers) {
    PlatApi.Response r = on.get(path, http1, headers);
    assertEquals(200, r.status(), () -> path + ": " + r);
    JsonObject seen = r.json();
    JsonObject h = seen.getJsonObject("headers");
    assertFalse(h.containsKey(Names.Header.CLUSTER_AUTH.toLowerCase()), () -> "the cluster secret reached " + path);
    assertFalse(h.containsKey(Names.Header.FORWARDED_BY.toLowerCase()), () -> path + ": " + seen);
    return seen;
  }

  @Test
  void theGatewaysTokensNeverReachAFunctionOnEitherPath() {
    String secret = node.clusterSecret();
    for (boolean http1 : new boolean[] {true, false}) {
      String via = http1 ? "fast path" : "Vert.x path";
      JsonObject priv = seen(api, http1, "/function/" + PRIVATE + "/p?a=1&access_token=" + ADMIN + "&b=2",
        "Authorization", "Bearer " + ADMIN, Names.Header.CLUSTER_AUTH, secret, Names.Header.FORWARDED_BY, "x");
      assertEquals("a=1&b=2", priv.getString("query"), via);
      assertFalse(priv.getJsonObject("headers").containsKey("authorization"), via);

      JsonObject pubGateway = seen(api, http1, "/function/" + PUBLIC + "/p?access_token=" + ADMIN + "&c=3",
        "Authorization", "Bearer " + ADMIN);
      assertEquals("c=3", pubGateway.getString("query"), via);
      assertFalse(pubGateway.getJsonObject("headers").containsKey("authorization"), via);

      JsonObject pubOwn = seen(api, http1, "/function/" + PUBLIC + "/p?access_token=its-own", "Authorization", "Bearer its-own");
      assertEquals("access_token=its-own", pubOwn.getString("query"), via);
      assertEquals("Bearer its-own", pubOwn.getJsonObject("headers").getString("authorization"), via);
    }
  }

  @Test
  void theProxyPortServesOnlyCallersWithTheClusterSecret() throws Exception {
    Path file = tmp.resolve("data").resolve(ClusterSecret.FILE);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    String secret = node.clusterSecret();
    String path = "/function/" + PUBLIC + "/p";
    List<PlatApi.Response> refused = List.of(
      proxyPort.get(path, true),
      proxyPort.get(path, true, Names.Header.FORWARDED_BY, "x"),
      proxyPort.get(path, false, Names.Header.FORWARDED_BY, "x", Names.Header.CLUSTER_AUTH, secret.substring(1) + "x"),
      proxyPort.get(path, true, "Authorization", "Bearer " + ADMIN, Names.Header.FORWARDED_BY, "x"));
    for (PlatApi.Response r : refused) {
      assertEquals(401, r.status(), r::toString);
      assertEquals("unauthorized", r.code(), r::toString);
      assertFalse(r.body().contains(secret));
    }
    JsonObject served = seen(proxyPort, true, path + "?q=1", Names.Header.FORWARDED_BY, "x", Names.Header.CLUSTER_AUTH, secret);
    assertEquals("q=1", served.getString("query"));
    assertTrue(node.isAlive());
    assertFalse(node.output().contains(secret), "the secret is never logged");
  }
}
