package dev.plat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CLI's HTTP/1.1 client against a scripted server socket: framing both ways, early answers. */
class HttpWireTest {
  ServerSocket server;
  URI base;

  @BeforeEach
  void setUp() throws IOException {
    server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    base = URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  @AfterEach
  void tearDown() throws IOException {
    server.close();
  }

  /** Accepts one connection, reads the request head (and {@code bodyBytes} of body), writes {@code answer}. */
  CompletableFuture<String> answerOnce(int bodyBytes, String answer) {
    return CompletableFuture.supplyAsync(() -> {
      try (Socket s = server.accept()) {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        while (!seen.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
          seen.write(in.read());
        }
        for (int i = 0; i < bodyBytes; i++) {
          seen.write(in.read());
        }
        OutputStream out = s.getOutputStream();
        out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        s.shutdownOutput();
        return seen.toString(StandardCharsets.ISO_8859_1);
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    });
  }

  static String body(ApiResponse response) throws IOException {
    try (response) {
      return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void decodesAChunkedAnswerWithExtensionsAndTrailers() throws Exception {
    var request = answerOnce(0, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
      + "Content-Type: text/plain\r\n\r\n5;ext=1\r\nhello\r\n7\r\n world!\r\n0\r\nX-Trailer: t\r\n\r\n");
    ApiResponse response = HttpWire.exchange(base, new ApiRequest("/api/x?a=1").header("X-A", "b"), 1000);
    assertEquals(200, response.status());
    assertEquals("text/plain", response.header("Content-Type"));
    assertEquals("hello world!", body(response));
    String head = request.get(5, TimeUnit.SECONDS);
    assertTrue(head.startsWith("GET /api/x?a=1 HTTP/1.1\r\nHost: 127.0.0.1:" + server.getLocalPort() + "\r\n"), head);
    assertTrue(head.contains("\r\nX-A: b\r\n") && head.contains("\r\nConnection: close\r\n"), head);
  }

  @Test
  void sendsAKnownLengthBodyWithContentLengthAndAnUnknownOneChunked() throws Exception {
    var fixed = answerOnce(5, "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nokEXTRA");
    ApiResponse response = HttpWire.exchange(base, new ApiRequest("/a").POST(RequestBody.text("abcde")), 1000);
    assertEquals(201, response.status());
    assertEquals("ok", body(response), "reads no further than Content-Length");
    String head = fixed.get(5, TimeUnit.SECONDS);
    assertTrue(head.startsWith("POST /a HTTP/1.1\r\n") && head.contains("\r\nContent-Length: 5\r\n") && head.endsWith("abcde"), head);

    String chunked = "Transfer-Encoding: chunked\r\n\r\n3\r\nxyz\r\n0\r\n\r\n";
    var streamed = answerOnce(chunked.length() - "Transfer-Encoding: chunked\r\n\r\n".length(), "HTTP/1.1 204 No Content\r\n\r\n");
    ApiResponse none = HttpWire.exchange(base, new ApiRequest("/b").method("PATCH",
      RequestBody.stream(-1, () -> new java.io.ByteArrayInputStream("xyz".getBytes(StandardCharsets.UTF_8)))), 1000);
    assertEquals(204, none.status());
    assertEquals("", body(none));
    String head2 = streamed.get(5, TimeUnit.SECONDS);
    assertTrue(head2.startsWith("PATCH /b HTTP/1.1\r\n") && head2.endsWith(chunked), head2);
  }

  @Test
  void readsUntilTheServerClosesWhenTheAnswerHasNoLength() throws Exception {
    answerOnce(0, "HTTP/1.0 200 OK\r\n\r\nall of it");
    assertEquals("all of it", body(HttpWire.exchange(base, new ApiRequest("/"), 1000)));
  }

  @Test
  void anAnswerCutShortIsAnError() throws Exception {
    answerOnce(0, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort");
    ApiResponse cut = HttpWire.exchange(base, new ApiRequest("/"), 1000);
    assertThrows(java.io.EOFException.class, () -> body(cut));
    answerOnce(0, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel");
    ApiResponse chunk = HttpWire.exchange(base, new ApiRequest("/"), 1000);
    assertThrows(java.io.EOFException.class, () -> body(chunk));
  }

  @Test
  void anEarlyAnswerToALargeUploadIsReadAfterTheServerStopsReading() throws Exception {
    answerOnce(0, "HTTP/1.1 413 Payload Too Large\r\nContent-Length: 16\r\n\r\n{\"error\":\"big\"} ");
    long size = 64L * 1024 * 1024; // far more than the socket buffers hold
    ApiResponse response = HttpWire.exchange(base, new ApiRequest("/up").POST(RequestBody.stream(size,
      () -> new InputStream() {
        long left = size;

        @Override
        public int read() {
          return left-- > 0 ? 'x' : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
          if (left <= 0) {
            return -1;
          }
          int n = (int) Math.min(len, left);
          left -= n;
          return n;
        }
      })), 1000);
    assertEquals(413, response.status());
    assertEquals("{\"error\":\"big\"} ", body(response));
  }

  @Test
  void refusesHeadersThatWouldBreakTheMessage() {
    ApiRequest request = new ApiRequest("/");
    assertThrows(IllegalArgumentException.class, () -> request.header("Host", "evil"));
    assertThrows(IllegalArgumentException.class, () -> request.header("X-A", "a\r\nX-B: b"));
    assertThrows(IllegalArgumentException.class, () -> request.header("bad name", "v"));
    assertThrows(IllegalArgumentException.class, () -> request.method("GE T", RequestBody.none()));
  }
}
