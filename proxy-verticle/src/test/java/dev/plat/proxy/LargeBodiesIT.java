package dev.plat.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** 1 GB up and 1 GB down through a proxy whose JVM has 64 MB of heap and 64 MB of direct memory. */
@ExtendWith(VertxExtension.class)
class LargeBodiesIT {
  private static final long SIZE = 1024L * 1024 * 1024;
  private static final Buffer CHUNK = Buffer.buffer(new byte[64 * 1024]);

  private Process child;
  private int port;
  private HttpClient client;
  private final AtomicLong uploaded = new AtomicLong();

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path socket = Origin.newSocketPath();
    Origin.start(vertx, req -> {
      if (req.method() == HttpMethod.POST) {
        req.handler(b -> uploaded.addAndGet(b.length()));
        req.endHandler(v -> req.response().end(Long.toString(uploaded.get())));
      } else {
        write(req.response().putHeader("content-length", Long.toString(SIZE)), new AtomicLong());
      }
    }).map(origin -> origin.socket.toString()).compose(path -> vertx.executeBlocking(() -> startChild(path)))
      .onComplete(ctx.succeeding(p -> {
        port = p;
        client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
        ctx.completeNow();
      }));
  }

  private int startChild(String socket) throws IOException {
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-Xmx64m", "-XX:MaxDirectMemorySize=64m", "-cp", System.getProperty("java.class.path"),
      ProxyNodeMain.class.getName(), socket, fastPath() ? "fast" : "vertx");
    child = new ProcessBuilder(command).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder log = new StringBuilder();
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith("READY ")) {
        return Integer.parseInt(line.substring(6).trim());
      }
      log.append(line).append('\n');
    }
    throw new IOException("the proxy JVM exited: " + log);
  }

  /** Whether the proxy serves the invocations on the HTTP/1.x fast path. */
  boolean fastPath() {
    return false;
  }

  @AfterEach
  void stop() {
    if (child != null) {
      child.destroy();
    }
  }

  @Test
  @Timeout(value = 5, timeUnit = TimeUnit.MINUTES)
  void streamsAGigabyteUpAndAGigabyteDownThroughA64MbHeap(Vertx vertx, VertxTestContext ctx) {
    AtomicLong sent = new AtomicLong();
    AtomicLong received = new AtomicLong();
    // on one context: started from the test thread, Vert.x 5.0 could hand the response to the
    // callbacks on another event loop after its first bytes were delivered (vert.x issue 5825)
    vertx.getOrCreateContext().runOnContext(start -> {
      client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/function/big/up"))
        .compose(req -> {
          req.putHeader("content-length", Long.toString(SIZE));
          Future<HttpClientResponse> response = req.response();
          write(req, sent);
          return response;
        })
        .compose(HttpClientResponse::body)
        .compose(body -> {
          ctx.verify(() -> assertEquals(Long.toString(SIZE), body.toString()));
          return client.request(new RequestOptions().setURI("/function/big/down"));
        })
        .compose(HttpClientRequest::send)
        .compose(resp -> {
          Promise<Void> done = Promise.promise();
          resp.handler(b -> received.addAndGet(b.length()));
          resp.endHandler(done::complete);
          resp.exceptionHandler(done::tryFail);
          return done.future();
        })
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertEquals(SIZE, uploaded.get());
          assertEquals(SIZE, received.get());
          assertTrue(child.isAlive(), "the proxy JVM survived");
          ctx.completeNow();
        })));
    });
  }

  /** Writes {@link #SIZE} bytes honouring back-pressure. */
  private static void write(io.vertx.core.streams.WriteStream<Buffer> stream, AtomicLong count) {
    while (count.get() < SIZE) {
      if (stream.writeQueueFull()) {
        stream.drainHandler(v -> write(stream, count));
        return;
      }
      stream.write(CHUNK);
      count.addAndGet(CHUNK.length());
    }
    stream.end();
  }
}
