package dev.plat.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.FunctionDirectory;
import dev.plat.cluster.testing.TestCertificates;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The gateway on HTTPS (tlsCert, tlsKey): HTTP/2 by ALPN, HTTP/1.1 otherwise, a renewed certificate loaded without a restart. */
@ExtendWith(VertxExtension.class)
class GatewayTlsTest {
  @TempDir
  Path dir;
  private Vertx vertx;
  private GatewayHarness gateway;
  private TestCertificates.Pair pair;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    pair = TestCertificates.selfSigned(dir.resolve("tls"), "first");
    gateway = GatewayHarness.start(vertx, dir.resolve("data"), null,
      Map.of(ConfigKey.TLS_CERT, pair.cert().toString(), ConfigKey.TLS_KEY, pair.key().toString()));
    GatewayHarness.await(gateway.directory.put(new FunctionDirectory.Entry("hello", true, List.of())));
  }

  /** What one request on a new connection saw: status, protocol, body, the server certificate's subject. */
  record Seen(int status, HttpVersion version, String body, String subject) {
  }

  private Seen call(HttpVersion version, String uri) {
    HttpClientOptions options = new HttpClientOptions().setSsl(true).setVerifyHost(true)
      .setTrustOptions(new PemTrustOptions().addCertPath(pair.cert().toString()));
    if (version == HttpVersion.HTTP_2) {
      options.setUseAlpn(true).setProtocolVersion(HttpVersion.HTTP_2);
    }
    HttpClient client = vertx.createHttpClient(options);
    RequestOptions request = new RequestOptions().setHost("127.0.0.1").setPort(gateway.port).setURI(uri)
      .setMethod(HttpMethod.GET);
    Seen seen = GatewayHarness.await(gateway.onContext(() -> client.request(request).compose(req -> req.send()
      .compose(resp -> resp.body().map(body -> {
        try {
          X509Certificate cert = (X509Certificate) req.connection().peerCertificates().get(0);
          return new Seen(resp.statusCode(), resp.version(), body.toString(), cert.getSubjectX500Principal().getName());
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      })))));
    GatewayHarness.await(client.close());
    return seen;
  }

  @Test
  void servesHttp2ByAlpnAndHttp11Otherwise() {
    Seen h2 = call(HttpVersion.HTTP_2, "/api/openapi.yaml");
    assertEquals(200, h2.status());
    assertEquals(HttpVersion.HTTP_2, h2.version());
    Seen h1 = call(HttpVersion.HTTP_1_1, "/function/hello/x");
    assertEquals(200, h1.status());
    assertEquals(HttpVersion.HTTP_1_1, h1.version());
    assertEquals("invoked hello /x", h1.body());
    assertEquals("invoked hello /x", call(HttpVersion.HTTP_2, "/function/hello/x").body());
    assertEquals("CN=first", h1.subject());
  }

  @Test
  void refusesWithJsonOnHttp2() {
    GatewayHarness.await(gateway.directory.put(new FunctionDirectory.Entry("private", false, List.of())));
    Seen refused = call(HttpVersion.HTTP_2, "/function/private");
    assertEquals(401, refused.status());
    assertEquals(HttpVersion.HTTP_2, refused.version());
    assertTrue(refused.body().contains("\"unauthorized\""), refused.body());
    assertEquals(401, call(HttpVersion.HTTP_2, "/api/functions").status());
  }

  @Test
  void aPlainPortRedirectsEveryRequestToHttps() {
    GatewayHarness withRedirect = GatewayHarness.start(vertx, dir.resolve("data-redirect"), null,
      Map.of(ConfigKey.TLS_CERT, pair.cert().toString(), ConfigKey.TLS_KEY, pair.key().toString(),
        ConfigKey.HTTP_REDIRECT_PORT, "0"));
    int plain = withRedirect.verticle.redirectPort();
    GatewayHarness.Response moved = withRedirect.call(new RequestOptions().setHost("127.0.0.1").setPort(plain)
      .setMethod(HttpMethod.POST).setURI("/function/hello/x?a=1").putHeader("Host", "plat.example.test:8000"),
      req -> req.send(io.vertx.core.buffer.Buffer.buffer("body")));
    assertEquals(308, moved.status());
    assertEquals("https://plat.example.test:" + withRedirect.port + "/function/hello/x?a=1",
      moved.headers().get("Location"));
  }

  @Test
  void picksTheCertificateOfACustomDomainBySni() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("domains"));
    TestCertificates.Pair shop = TestCertificates.selfSigned(dir.resolve("shop"), "shop", "shop.example.test");
    Files.copy(shop.cert(), folder.resolve("shop.example.test.pem"));
    Files.copy(shop.key(), folder.resolve("shop.example.test.key"));
    GatewayHarness sni = GatewayHarness.start(vertx, dir.resolve("data-sni"), null,
      Map.of(ConfigKey.TLS_CERT, pair.cert().toString(), ConfigKey.TLS_KEY, pair.key().toString(),
        ConfigKey.TLS_CERT_DIR, folder.toString()));
    assertEquals("CN=shop", subject(sni, "shop.example.test", shop.cert()));
    assertEquals("CN=first", subject(sni, "other.example.test", pair.cert()));

    // a domain added to the folder later is served once the gateway has looked at it again
    TestCertificates.Pair blog = TestCertificates.selfSigned(dir.resolve("blog"), "blog", "blog.example.test");
    Files.copy(blog.key(), folder.resolve("blog.example.test.key"));
    Files.copy(blog.cert(), folder.resolve("blog.example.test.pem"));
    GatewayHarness.await(sni.verticle.reloadTls());
    assertEquals("CN=blog", subject(sni, "blog.example.test", blog.cert()));
  }

  /** The subject of the certificate {@code gateway} shows a client asking for {@code serverName}. */
  private String subject(GatewayHarness gateway, String serverName, Path trusted) {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setForceSni(true)
      .setVerifyHost(false).setTrustOptions(new PemTrustOptions().addCertPath(trusted.toString())));
    RequestOptions request = new RequestOptions().setServer(io.vertx.core.net.SocketAddress.inetSocketAddress(gateway.port,
      "127.0.0.1")).setHost(serverName).setPort(gateway.port).setURI("/api/openapi.yaml");
    String subject = GatewayHarness.await(gateway.onContext(() -> client.request(request).compose(req -> req.send()
      .compose(resp -> resp.body().map(body -> {
        try {
          return ((X509Certificate) req.connection().peerCertificates().get(0)).getSubjectX500Principal().getName();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      })))));
    GatewayHarness.await(client.close());
    return subject;
  }

  @Test
  void loadsARenewedCertificateWithoutARestart() throws Exception {
    assertEquals(false, GatewayHarness.await(gateway.verticle.reloadTls()), "nothing changed yet");
    TestCertificates.Pair renewed = TestCertificates.selfSigned(dir.resolve("renewed"), "renewed");
    Files.copy(renewed.key(), pair.key(), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(renewed.cert(), pair.cert(), StandardCopyOption.REPLACE_EXISTING);
    // loaded by this call, or by the gateway's own look at the files if it came first
    GatewayHarness.await(gateway.verticle.reloadTls());
    assertEquals("CN=renewed", call(HttpVersion.HTTP_1_1, "/api/openapi.yaml").subject());
    assertEquals("CN=renewed", call(HttpVersion.HTTP_2, "/api/openapi.yaml").subject());
  }

  @Test
  void keepsItsCertificateWhenTheNewFilesDoNotLoad() throws Exception {
    Files.writeString(pair.key(), "-----BEGIN PRIVATE KEY-----\nbroken\n-----END PRIVATE KEY-----\n");
    assertEquals(false, GatewayHarness.await(gateway.verticle.reloadTls()));
    assertEquals("CN=first", call(HttpVersion.HTTP_1_1, "/api/openapi.yaml").subject());
  }
}
