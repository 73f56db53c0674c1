package dev.plat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebSocket invocations end to end on one node and a real container: a node-runtime function that
 * exports {@code upgrade(req, socket, head)} (a WebSocket echo on node's own modules) is reached at
 * {@code ws://.../function/NAME/...}; the gateway refuses the handshake without a token (401 before
 * any upgrade), echoes frames with one, and a function scaled to zero is cold-started by a handshake
 * ({@code --pause-after-seconds 1 --idle-timeout-seconds 4}).
 */
class WebSocketIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Set<String> FUNCTIONS = new LinkedHashSet<>();
  /** The function: answers plain requests, echoes WebSocket messages with "echo: " in front. */
  static final String HANDLER = """
    const crypto = require('crypto');

    // a plain request: its headers come back in one (a handshake that arrives as a plain request says what it lost)
    exports.handle = async (req) => ({ status: 200, headers: { 'x-seen': JSON.stringify(req.headers) },
      body: 'upgrade to a WebSocket to talk to me\\n' });

    exports.upgrade = (req, socket) => {
      const accept = crypto.createHash('sha1')
        .update(req.headers['sec-websocket-key'] + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
      socket.write('HTTP/1.1 101 Switching Protocols\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\n'
        + 'Sec-WebSocket-Accept: ' + accept + '\\r\\n\\r\\n');
      let pending = Buffer.alloc(0);
      socket.on('data', (data) => {
        pending = Buffer.concat([pending, data]);
        for (;;) {
          if (pending.length < 2) return;
          const opcode = pending[0] & 0x0f;
          let len = pending[1] & 0x7f;
          let at = 2;
          if (len === 126) { if (pending.length < 4) return; len = pending.readUInt16BE(2); at = 4; }
          else if (len === 127) { if (pending.length < 10) return; len = Number(pending.readBigUInt64BE(2)); at = 10; }
          const masked = (pending[1] & 0x80) !== 0;
          if (pending.length < at + (masked ? 4 : 0) + len) return;
          const mask = masked ? pending.subarray(at, at + 4) : null;
          at += masked ? 4 : 0;
          const payload = Buffer.from(pending.subarray(at, at + len));
          if (mask) for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i % 4];
          pending = pending.subarray(at + len);
          if (opcode === 0x8) { socket.end(Buffer.from([0x88, 0])); return; }
          if (opcode === 0x1) {
            const text = Buffer.from('echo: ' + payload.toString('utf8') + ' at ' + req.url);
            const head = text.length < 126 ? Buffer.from([0x81, text.length])
              : Buffer.from([0x81, 126, text.length >> 8, text.length & 0xff]);
            socket.write(Buffer.concat([head, text]));
          }
        }
      });
      socket.on('error', () => socket.destroy());
    };
    """;

  @TempDir
  static Path tmp;
  private static FunctionDocker docker;
  private static NodeProcess node;
  private static PlatCli cli;
  private static PlatApi api;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void startNode() throws Exception {
    docker = FunctionDocker.require();
    node = NodeProcess.startHealthy(tmp.resolve("data"), "e2e-websocket", "--pause-after-seconds", "1",
      "--idle-timeout-seconds", "4");
    cli = PlatCli.against(node, tmp.resolve("home"));
    api = new PlatApi(node.url());
  }

  @AfterAll
  static void stopNode() throws Exception {
    NodeProcess.stopAndRemove(node, docker, FUNCTIONS);
  }

  @Test
  void a_websocket_needs_the_token_echoes_frames_and_cold_starts_a_function_scaled_to_zero() throws Exception {
    String name = E2eNames.fresh();
    FUNCTIONS.add(name);
    deploy(name);
    String ws = node.url().replace("http://", "ws://") + "/function/" + name + "/room?x=1";

    try {
      connect(ws, null, new Messages()).get(30, TimeUnit.SECONDS);
      fail("a handshake without a token was upgraded");
    } catch (ExecutionException e) {
      assertTrue(e.getCause() instanceof WebSocketHandshakeException, e::toString);
      assertEquals(401, ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
    }

    assertEquals("echo: hello at /room?x=1", talk(ws, "hello"));

    Poll.untilTrue(WAIT, name + " to be scaled to zero", () -> docker.containers(name).isEmpty()
      && "scaled-to-zero".equals(api.function(name).json().getString("state")),
      () -> docker.containers(name) + "\n" + api.function(name) + "\n" + node.output());
    assertEquals("echo: after the cold start at /room?x=1", talk(ws, "after the cold start"),
      "the handshake waited for the cold start");
    assertEquals(1, docker.containers(name).size());
  }

  /** Opens a socket with the admin token, sends {@code text} twice, returns the second answer, closes. */
  private static String talk(String uri, String text) throws Exception {
    Messages messages = new Messages();
    WebSocket socket;
    try {
      socket = connect(uri, NodeProcess.ADMIN_TOKEN, messages).get(90, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      String answer = e.getCause() instanceof WebSocketHandshakeException h
        ? h.getResponse().statusCode() + " " + h.getResponse().headers().map() + " " + h.getResponse().body()
        : String.valueOf(e.getCause());
      throw new AssertionError("the handshake failed: " + answer + "\n" + node.output(), e);
    }
    socket.sendText(text, true).get(30, TimeUnit.SECONDS);
    assertEquals(messages.next(), messages.next(text, socket));
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(30, TimeUnit.SECONDS);
    return messages.last;
  }

  private static CompletableFuture<WebSocket> connect(String uri, String token, Messages listener) {
    WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder.buildAsync(URI.create(uri), listener);
  }

  private static void deploy(String name) throws IOException {
    Path dir = tmp.resolve(name);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("plat.json"), new JsonObject().put("name", name).put("runtime", "node")
      .put("scaling", new JsonObject().put("min", 0).put("max", 1)).encodePrettily());
    Files.writeString(dir.resolve("handler.js"), HANDLER);
    PlatCli.Result deployed = cli.run(dir, "deploy");
    assertEquals(0, deployed.exit(), () -> "plat deploy: " + deployed + "\n" + node.output());
  }

  /** The text messages a socket receives, in order. */
  static final class Messages implements WebSocket.Listener {
    private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    String last;

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean whole) {
      partial.append(data);
      if (whole) {
        received.add(partial.toString());
        partial.setLength(0);
      }
      socket.request(1);
      return null;
    }

    /** The next message (within a minute). */
    String next() throws InterruptedException {
      String message = received.poll(60, TimeUnit.SECONDS);
      assertTrue(message != null, "no message within 60 s");
      last = message;
      return message;
    }

    /** Sends {@code text} again and returns its answer: frames keep flowing on the same socket. */
    String next(String text, WebSocket socket) throws Exception {
      socket.sendText(text, true).get(30, TimeUnit.SECONDS);
      return next();
    }
  }
}
