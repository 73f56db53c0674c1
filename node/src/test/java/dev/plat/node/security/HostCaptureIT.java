package dev.plat.node.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.node.NodeProcess;
import dev.plat.node.TestZips;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployer cannot take the gateway's own names as a function's domain on a real node: every IP
 * spelling of loopback, {@code localhost} and names under it, the base domain and the operator's
 * {@code apiHosts} are 400 {@code bad_domain}, and the API on those names stays the API.
 */
class HostCaptureIT {
  private static final String DEPLOYER = "e2e-deployer-token";

  @TempDir
  Path tmp;

  @Test
  void a_deployer_cannot_claim_the_gateways_names_as_a_domain() throws Exception {
    NodeProcess node = NodeProcess.startHealthy(tmp.resolve("data"), "e2e-hosts", List.of(), "--pool-size", "0",
      "--tokens", DEPLOYER + ":deployer", "--base-domain", "apps.test",
      "--api-hosts", "localhost,127.0.0.1,::1,plat.example.com");
    try {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      for (String domain : List.of("127.0.0.1", "127.1", "0x7f.1", "0x7f.0.0.1", "0177.0.0.1", "2130706433", "[::1]",
          "::1", "::ffff:127.0.0.1", "localhost", "admin.localhost", "apps.test", "plat.example.com")) {
        HttpResponse<String> refused = http.send(deploy(node, "thief", domain), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, refused.statusCode(), domain + ": " + refused.body());
        assertEquals("bad_domain", new JsonObject(refused.body()).getString("code"), domain + ": " + refused.body());
      }
      HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create(node.url() + "/api/functions"))
        .header("Authorization", "Bearer " + DEPLOYER).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, list.statusCode(), list.body());
      assertTrue(!list.body().contains("thief"), list.body());
    } finally {
      node.stop();
    }
  }

  private static HttpRequest deploy(NodeProcess node, String name, String domain) {
    JsonObject spec = new JsonObject().put("domains", new JsonArray().add(domain));
    return HttpRequest.newBuilder(URI.create(node.url() + "/api/functions?name=" + name + "&runtime=python-flask"))
      .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + DEPLOYER)
      .header("Content-Type", "application/zip").header("X-Plat-Spec", spec.encode())
      .POST(HttpRequest.BodyPublishers.ofByteArray(TestZips.pythonFunction())).build();
  }
}
