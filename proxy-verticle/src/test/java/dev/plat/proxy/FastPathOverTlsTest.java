package dev.plat.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plat.cluster.testing.TestCertificates;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast path serves HTTP/1.1 invocations on TLS connections too (the gateway with tlsCert): it
 * sits behind Netty's SslHandler and reads the decrypted bytes; its answers are encrypted on the way out.
 */
class FastPathOverTlsTest extends ProxyTestBase {
  @TempDir
  static Path certs;
  static TestCertificates.Pair pair;

  @BeforeAll
  static void certificate() {
    pair = TestCertificates.selfSigned(certs, "gateway");
  }

  @Override
  boolean fastPath() {
    return true;
  }

  @Override
  Future<HttpServer> front(ProxyHandler handler) {
    HttpServerOptions options = new HttpServerOptions().setSsl(true).setUseAlpn(true)
      .setKeyCertOptions(new PemKeyCertOptions().setCertPath(pair.cert().toString()).setKeyPath(pair.key().toString()));
    return vertx.createHttpServer(options)
      .requestHandler(req -> {
        if (gate().check(null, req.path()) != null) {
          viaVertx.incrementAndGet();
        }
        handler.handle(req);
      })
      .connectionHandler(connection -> handler.serveConnection(connection, gate()))
      .listen(0, "127.0.0.1");
  }

  @BeforeEach
  void tlsClient() {
    client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setSsl(true)
      .setTrustOptions(new PemTrustOptions().addCertPath(pair.cert().toString())), new PoolOptions().setHttp1MaxSize(4));
  }

  @Test
  void servesInvocationsOnTlsConnections(VertxTestContext ctx) {
    Origin.echo(vertx)
      .compose(origin -> route("echo", "i1", origin))
      .compose(v -> send(HttpMethod.POST, "/function/echo/a?b=1", MultiMap.caseInsensitiveMultiMap(),
        io.vertx.core.buffer.Buffer.buffer("hello over tls")))
      .compose(first -> get("/function/echo/again").map(second -> {
        ctx.verify(() -> {
          assertEquals(200, first.status(), first.body().toString());
          assertEquals("/a?b=1", first.json().getString("uri"));
          assertEquals("hello over tls", first.json().getString("body"));
          assertEquals(200, second.status());
          assertEquals(0, viaVertx.get(), "served by the fast path, not Vert.x's request handler");
        });
        return second;
      }))
      .onComplete(ctx.succeedingThenComplete());
  }
}
