package dev.plat.gateway;

import static dev.plat.cluster.testing.RawConnection.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.testing.RawConnection;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the HTTP layer answers to requests it cannot read, on the Vert.x path: JSON
 * {@code {"error","code"}} with the right status, then the connection closes.
 */
@ExtendWith(VertxExtension.class)
class HttpErrorsTest {
  private static final Duration BOUND = Duration.ofSeconds(30);
  private Vertx vertx;
  private GatewayHarness gateway;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dataDir) {
    this.vertx = vertx;
    gateway = GatewayHarness.start(vertx, dataDir);
  }

  /** Sends {@code request} on a new connection, checks the answer's status, JSON body and the close. */
  static void assertJsonError(Vertx vertx, int port, String request, int status, String code) {
    RawConnection c = RawConnection.open(vertx, port).write(request);
    await(c.closed(), BOUND);
    String text = await(c.text(), BOUND);
    // the decoder gives a request it could not read HTTP/1.0, which the answer's status line repeats
    assertTrue(text.matches("(?s)HTTP/1\\.[01] " + status + " .*"), text);
    String head = text.substring(0, text.indexOf("\r\n\r\n")).toLowerCase();
    assertTrue(head.contains("content-type: application/json"), text);
    JsonObject body = new JsonObject(text.substring(text.indexOf("\r\n\r\n") + 4));
    assertEquals(code, body.getString("code"), text);
    assertTrue(!body.getString("error").isBlank(), text);
  }

  @Test
  void aUriLongerThanTheLimitIs414Json() {
    assertJsonError(vertx, gateway.port, "GET /api/" + "a".repeat(5000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
      414, "uri_too_long");
  }

  @Test
  void headersLargerThanTheLimitAre431Json() {
    assertJsonError(vertx, gateway.port, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "b".repeat(9000)
      + "\r\n\r\n", 431, "headers_too_large");
  }

  @Test
  void aMalformedRequestIs400Json() {
    assertJsonError(vertx, gateway.port, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header: x\r\n\r\n",
      400, "malformed_request");
    assertJsonError(vertx, gateway.port, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: nine\r\n\r\n",
      400, "malformed_request");
    assertJsonError(vertx, gateway.port, "NOT AN HTTP REQUEST\r\n\r\n", 400, "malformed_request");
  }

  @Test
  void aVersionOtherThanHttp10Or11Is505Json() {
    for (String version : new String[] {"HTTP/1.2", "HTTP/2.0", "HTTP/0.9"}) {
      assertJsonError(vertx, gateway.port, "GET /health " + version + "\r\nHost: 127.0.0.1\r\n\r\n",
        505, "http_version_not_supported");
    }
  }

  @Test
  void aWebSocketHandshakeVertxWouldRefuseIsJson() {
    String upgrade = "GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + GatewayHarness.ADMIN
      + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
    String version99 = await(RawConnection.open(vertx, gateway.port).write(upgrade + "Sec-WebSocket-Version: 99\r\n"
      + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").received("}", 1), BOUND);
    assertTrue(version99.startsWith("HTTP/1.1 426 "), version99);
    assertTrue(version99.toLowerCase().contains("sec-websocket-version: 13"), version99);
    assertEquals("upgrade_required", new JsonObject(version99.substring(version99.indexOf("\r\n\r\n") + 4))
      .getString("code"));
    String noKey = await(RawConnection.open(vertx, gateway.port).write(upgrade + "Sec-WebSocket-Version: 13\r\n\r\n")
      .received("}", 1), BOUND);
    assertTrue(noKey.startsWith("HTTP/1.1 400 "), noKey);
    assertEquals("bad_request", new JsonObject(noKey.substring(noKey.indexOf("\r\n\r\n") + 4)).getString("code"));
  }
}
