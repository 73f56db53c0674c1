package dev.plat.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CLI's HTTP client (the JDK's HttpURLConnection) against a real loopback server. */
class ApiClientTest {
  FakePlatServer server;
  ApiClient api;

  @BeforeEach
  void setUp() throws IOException {
    server = new FakePlatServer();
    api = new ApiClient(new CliConfig(URI.create(server.url()), "tok"));
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  static byte[] pattern(int size) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) (i * 31 + i / 251);
    }
    return bytes;
  }

  /** An input stream that counts how often it was opened and reads {@code bytes}. */
  static RequestBody streamed(long length, byte[] bytes, AtomicInteger opened) {
    return RequestBody.stream(length, () -> {
      opened.incrementAndGet();
      return new ByteArrayInputStream(bytes);
    });
  }

  static String text(ApiResponse response) throws IOException {
    try (response) {
      return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aLargeBodyOfKnownLengthGoesOutWithItsContentLength() throws IOException {
    byte[] payload = pattern(3 * 1024 * 1024 + 7);
    AtomicInteger opened = new AtomicInteger();
    server.json("POST", "/api/up", 202, "{\"ok\":true}");
    var json = api.call(api.request("/api/up?x=1").header("Content-Type", "application/zip")
      .POST(streamed(payload.length, payload, opened)));
    assertTrue(json.get("ok").asBoolean(), json.toString());
    FakePlatServer.Recorded seen = server.requests("POST", "/api/up").get(0);
    assertEquals("x=1", seen.query());
    assertEquals(String.valueOf(payload.length), seen.header("Content-Length"));
    assertNull(seen.header("Transfer-Encoding"));
    assertEquals("application/zip", seen.header("Content-Type"));
    assertEquals("Bearer tok", seen.header("Authorization"));
    assertTrue(seen.header("User-Agent").startsWith("plat-cli/"), seen.header("User-Agent"));
    assertArrayEquals(payload, seen.body());
    assertEquals(1, opened.get(), "the body is read once, as it is sent");
  }

  @Test
  void aBodyOfUnknownLengthGoesOutChunkedAndArrivesWhole() throws IOException {
    byte[] payload = pattern(700_001);
    server.on("PUT", "/function/fn", (req, ex) -> FakePlatServer.send(ex, 200, "got " + req.body().length));
    ApiResponse response = api.send(api.request("/function/fn").method("PUT", streamed(-1, payload, new AtomicInteger())));
    assertEquals(200, response.status());
    assertEquals("got 700001", text(response));
    FakePlatServer.Recorded seen = server.requests("PUT", "/function/fn").get(0);
    assertEquals("chunked", seen.header("Transfer-Encoding"));
    assertNull(seen.header("Content-Length"));
    assertArrayEquals(payload, seen.body());
    assertEquals("application/octet-stream", seen.header("Content-Type"), "not the JDK's x-www-form-urlencoded");
  }

  @Test
  void aSmallBodyAndNoBody() throws IOException {
    server.on("POST", "/echo", (req, ex) -> FakePlatServer.send(ex, 200, new String(req.body(), StandardCharsets.UTF_8)));
    assertEquals("{\"a\":1}", text(api.send(api.request("/echo").header("Content-Type", "application/json")
      .POST(RequestBody.text("{\"a\":1}")))));
    assertEquals("7", server.requests("POST", "/echo").get(0).header("Content-Length"));
    assertEquals("", text(api.send(api.request("/echo").POST(RequestBody.none()))));
    assertEquals(0, server.requests("POST", "/echo").get(1).body().length);
  }

  @Test
  void aStreamedAnswerIsReadAsItArrives() {
    CountDownLatch firstRead = new CountDownLatch(1);
    server.on("GET", "/api/functions/fn/logs", (req, ex) -> {
      ex.getResponseHeaders().set("Content-Type", "text/plain");
      ex.sendResponseHeaders(200, 0); // chunked
      OutputStream out = ex.getResponseBody();
      out.write("first line\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      if (!firstRead.await(20, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the client did not read the first line before the answer ended");
      }
      out.write("second line\n".getBytes(StandardCharsets.UTF_8));
      out.close();
    });
    assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
      try (InputStream logs = api.stream("/api/functions/fn/logs");
           BufferedReader lines = new BufferedReader(new InputStreamReader(logs, StandardCharsets.UTF_8))) {
        assertEquals("first line", lines.readLine());
        firstRead.countDown();
        assertEquals("second line", lines.readLine());
        assertNull(lines.readLine());
      }
    });
  }

  @Test
  void anErrorStatusGivesTheServersJsonError() {
    server.json("DELETE", "/api/functions/x", 409, "{\"error\":\"x is busy\",\"code\":\"conflict\"}");
    ApiException e = assertThrows(ApiException.class, () -> api.delete("/api/functions/x"));
    assertEquals(409, e.status());
    assertEquals("conflict", e.code());
    assertEquals("x is busy (conflict)", e.display());
    assertEquals(ExitCode.FAILED, e.exitCode());

    server.json("GET", "/api/functions/x/logs", 404, "{\"error\":\"no function 'x'\",\"code\":\"not_found\"}");
    ApiException streamed = assertThrows(ApiException.class, () -> api.stream("/api/functions/x/logs"));
    assertEquals("no function 'x' (not_found)", streamed.display());
  }

  @Test
  void aFiveHundredToAnInvocationKeepsItsBody() throws IOException {
    server.on("POST", "/function/fn", (req, ex) -> FakePlatServer.send(ex, 500, "boom"));
    ApiResponse response = api.send(api.request("/function/fn").header("Content-Type", "text/plain")
      .POST(RequestBody.text("x")));
    assertEquals(500, response.status());
    assertEquals("text/plain", response.header("content-type"));
    assertEquals("boom", text(response));
  }

  @Test
  void aFourOhOneKeepsItsBodyForASmallBodyAndIsStillAnUnauthorizedErrorForAStreamedOne() {
    String refused = "{\"error\":\"the bearer token is not valid\",\"code\":\"unauthorized\"}";
    server.on("POST", "/api/functions", (req, ex) -> {
      ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"plat\"");
      FakePlatServer.send(ex, 401, refused);
    });
    ApiException small = assertThrows(ApiException.class, () -> api.call(api.request("/api/functions")
      .header("Content-Type", "application/zip").POST(RequestBody.bytes(pattern(1000)))));
    assertEquals("the bearer token is not valid (unauthorized)", small.display());
    // in streaming mode the JDK gives the status but not the body (getErrorStream() is null)
    ApiException big = assertThrows(ApiException.class, () -> api.call(api.request("/api/functions")
      .header("Content-Type", "application/zip").POST(streamed(200_000, pattern(200_000), new AtomicInteger()))));
    assertEquals(401, big.status());
    assertEquals("unauthorized", big.code());
  }

  @Test
  void aRefusedConnectionIsTheUnreachableError() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    ApiClient nowhere = new ApiClient(new CliConfig(URI.create("http://127.0.0.1:" + port), "tok"));
    for (GatewayRequest request : new GatewayRequest[] {nowhere.request("/api/functions"),
        nowhere.request("/x").POST(RequestBody.text("a")), nowhere.request("/x").method("PATCH", RequestBody.text("a"))}) {
      CliException e = assertThrows(CliException.class, () -> nowhere.send(request));
      assertEquals(ExitCode.UNREACHABLE, e.exitCode());
      assertEquals("cannot reach http://127.0.0.1:" + port + ": connection refused", e.display());
    }
  }

  @Test
  void customHeadersReachTheServerAndTheJdkAddsNoAcceptOfItsOwn() throws IOException {
    server.on("GET", "/function/fn", (req, ex) -> FakePlatServer.send(ex, 200, "hi"));
    assertEquals("hi", text(api.send(api.request("/function/fn").header("X-Trace", "abc")
      .header("Origin", "https://example.com"))));
    FakePlatServer.Recorded seen = server.requests("GET", "/function/fn").get(0);
    assertEquals("abc", seen.header("X-Trace"));
    assertEquals("https://example.com", seen.header("Origin"), "a header the JDK restricts by default");
    assertEquals("*/*", seen.header("Accept"));
    assertNull(seen.header("Pragma"));
  }

  @Test
  void aMethodHttpUrlConnectionRefusesStillGoesOut() throws IOException {
    server.on("PATCH", "/function/fn", (req, ex) -> FakePlatServer.send(ex, 200,
      req.header("X-A") + " " + new String(req.body(), StandardCharsets.UTF_8)));
    byte[] big = "y".repeat(100_000).getBytes(StandardCharsets.UTF_8);
    assertEquals("b " + "x".repeat(10), text(api.send(api.request("/function/fn").header("X-A", "b")
      .method("PATCH", RequestBody.text("x".repeat(10))))));
    assertEquals("b " + "y".repeat(100_000), text(api.send(api.request("/function/fn").header("X-A", "b")
      .method("PATCH", streamed(-1, big, new AtomicInteger())))));
    assertEquals(String.valueOf(10), server.requests("PATCH", "/function/fn").get(0).header("Content-Length"));
  }

  @Test
  void aRedirectIsAnsweredNotFollowed() throws IOException {
    server.on("GET", "/moved", (req, ex) -> {
      ex.getResponseHeaders().set("Location", "/elsewhere");
      FakePlatServer.send(ex, 302, "");
    });
    ApiResponse response = api.send(api.request("/moved"));
    assertEquals(302, response.status());
    assertEquals("/elsewhere", response.header("Location"));
    text(response);
    assertTrue(server.requests("GET", "/elsewhere").isEmpty());
  }

  @Test
  void refusesHeadersThatWouldBreakTheMessage() {
    GatewayRequest request = new GatewayRequest("/");
    assertThrows(IllegalArgumentException.class, () -> request.header("Host", "evil"));
    assertThrows(IllegalArgumentException.class, () -> request.header("Content-Length", "1"));
    assertThrows(IllegalArgumentException.class, () -> request.header("X-A", "a\r\nX-B: b"));
    assertThrows(IllegalArgumentException.class, () -> request.header("bad name", "v"));
    assertThrows(IllegalArgumentException.class, () -> request.method("GE T", RequestBody.none()));
  }
}
