package dev.plat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.testing.TestCertificates;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real node with {@code --tls-cert}/{@code --tls-key}: the CLI works over HTTPS with
 * {@code --ca-file} (and says what to do without it), the dashboard and /health answer over
 * HTTP/2, negotiated by ALPN.
 */
class HttpsIT {
  @TempDir
  static Path tmp;
  private static FunctionDocker docker;
  private static NodeProcess node;
  private static TestCertificates.Pair pair;
  private static String url;

  @BeforeAll
  static void startNode() throws Exception {
    docker = FunctionDocker.require();
    pair = TestCertificates.selfSigned(tmp.resolve("tls"), "plat-e2e");
    node = NodeProcess.start(tmp.resolve("data"), "e2e-https", "--tls-cert", pair.cert().toString(),
      "--tls-key", pair.key().toString());
    int port = NodeProcess.awaitPorts(node.dataDir(), node.process(), node::output).getInteger("http");
    url = "https://127.0.0.1:" + port;
  }

  @AfterAll
  static void stopNode() throws Exception {
    NodeProcess.stopAndRemove(node, docker, Set.of());
  }

  @Test
  void theCliTrustsASelfSignedGatewayWithItsCaFile() {
    PlatCli cli = new PlatCli(url, NodeProcess.ADMIN_TOKEN, tmp.resolve("home"));
    PlatCli.Result ls = Poll.until(Duration.ofSeconds(60), "plat ls over HTTPS", () -> {
      PlatCli.Result r = cli.run(tmp, "--ca-file", pair.cert().toString(), "ls");
      return r.exit() == 0 ? r : null;
    }, node::output);
    assertTrue(ls.out().startsWith("NAME") || ls.out().isEmpty() || ls.out().contains("no functions"), ls::toString);
    PlatCli.Result untrusted = cli.run(tmp, "ls");
    assertEquals(3, untrusted.exit(), untrusted::toString);
    assertTrue(untrusted.err().contains("--ca-file"), untrusted::toString);
  }

  @Test
  void theDashboardAndHealthAnswerOverHttp2() throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(TestCertificates.trusting(pair.cert())).build();
    HttpResponse<String> page = Poll.until(Duration.ofSeconds(60), "the dashboard over HTTPS",
      () -> client.send(HttpRequest.newBuilder(URI.create(url + "/")).build(), HttpResponse.BodyHandlers.ofString()),
      node::output);
    assertEquals(200, page.statusCode());
    assertEquals(HttpClient.Version.HTTP_2, page.version());
    assertTrue(page.body().contains("<html") || page.body().contains("<!doctype") || page.body().contains("<!DOCTYPE"),
      page.body());
    HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(url + "/health")).build(),
      HttpResponse.BodyHandlers.ofString());
    assertTrue(health.body().contains("\"status\""), health.body());
  }
}
