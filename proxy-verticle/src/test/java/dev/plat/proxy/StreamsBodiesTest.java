package dev.plat.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Bodies stream with back-pressure: when the reader stops, the writer stops too, after at most the
 * socket buffers and write queues on the way (a few MB), never the whole body.
 */
class StreamsBodiesTest extends ProxyTestBase {
  static final long SIZE = 200L * 1024 * 1024;
  /** Bytes that may be on the way between a stalled reader and its writer: kernel buffers + queues. */
  static final long IN_TRANSIT_BOUND = 16L * 1024 * 1024;
  static final Buffer CHUNK = Buffer.buffer(new byte[64 * 1024]);

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void streamsA200MbUploadWithBackPressure(VertxTestContext ctx) {
    AtomicLong received = new AtomicLong();
    Promise<HttpServerRequest> arrived = Promise.promise();
    AtomicLong sent = new AtomicLong();
    onContext(() -> Origin.start(vertx, req -> {
      req.pause();
      req.handler(b -> received.addAndGet(b.length()));
      req.endHandler(v -> req.response().end(Long.toString(received.get())));
      arrived.complete(req);
    }).compose(o -> route("up", "i1", o))
      .compose(v -> client.request(new RequestOptions().setPort(port).setMethod(HttpMethod.POST).setURI("/function/up")))
      .compose(req -> {
        req.putHeader("content-length", Long.toString(SIZE));
        Future<Buffer> body = req.response().compose(HttpClientResponse::body);
        writeBody(req, sent);
        return arrived.future()
          .compose(originReq -> stalled(sent).map(v -> {
            ctx.verify(() -> assertTrue(sent.get() < IN_TRANSIT_BOUND,
              "the proxy read " + sent.get() + " bytes while the function read nothing"));
            originReq.resume();
            return null;
          }))
          .compose(v -> body);
      }))
      .onComplete(ctx.succeeding(body -> ctx.verify(() -> {
        assertEquals(Long.toString(SIZE), body.toString());
        assertEquals(SIZE, received.get());
        ctx.completeNow();
      })));
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void streamsA200MbDownloadWithBackPressure(VertxTestContext ctx) {
    AtomicLong written = new AtomicLong();
    AtomicLong read = new AtomicLong();
    // on one context: started from the test thread, Vert.x 5.0 could hand the response to the
    // callbacks on another event loop after its first bytes were delivered (vert.x issue 5825)
    context.runOnContext(start -> {
      Origin.start(vertx, req -> {
        HttpServerResponse resp = req.response().putHeader("content-length", Long.toString(SIZE));
        writeBody(resp, written);
      }).compose(o -> route("down", "i1", o))
        .compose(v -> client.request(new RequestOptions().setPort(port).setURI("/function/down")))
        .compose(HttpClientRequest::send)
        .compose(resp -> {
          resp.pause();
          Promise<Void> done = Promise.promise();
          resp.handler(b -> read.addAndGet(b.length()));
          resp.endHandler(done::complete);
          return stalled(written).map(v -> {
            ctx.verify(() -> assertTrue(written.get() < IN_TRANSIT_BOUND,
              "the function wrote " + written.get() + " bytes while the client read nothing"));
            resp.resume();
            return null;
          }).compose(v -> done.future());
        })
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertEquals(SIZE, read.get());
          assertEquals(SIZE, written.get());
          ctx.completeNow();
        })));
    });
  }

  @Test
  void deliversServerSentEventsOneByOneAsTheFunctionWritesThem(VertxTestContext ctx) {
    int events = 5;
    List<Promise<Void>> seen = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      seen.add(Promise.promise());
    }
    // on one context: started from the test thread, Vert.x 5.0 could hand the response to the
    // callbacks on another event loop after its first bytes were delivered (vert.x issue 5825)
    context.runOnContext(start -> {
      Origin.start(vertx, req -> {
        HttpServerResponse resp = req.response().setChunked(true).putHeader("content-type", "text/event-stream");
        Future<Void> chain = Future.succeededFuture();
        for (int i = 0; i < events; i++) {
          int n = i;
          // the next event is written only once the client has the previous one
          chain = chain.compose(v -> resp.write("data: " + n + "\n\n")).compose(v -> seen.get(n).future());
        }
        chain.onComplete(v -> resp.end());
      }).compose(o -> route("sse", "i1", o))
        .compose(v -> client.request(new RequestOptions().setPort(port).setURI("/function/sse/events")))
        .compose(HttpClientRequest::send)
        .compose(resp -> {
          ctx.verify(() -> assertEquals("text/event-stream", resp.getHeader("content-type")));
          StringBuilder text = new StringBuilder();
          Promise<String> all = Promise.promise();
          resp.handler(b -> {
            text.append(b.toString());
            for (int i = 0; i < events; i++) {
              if (text.indexOf("data: " + i + "\n\n") >= 0) {
                seen.get(i).tryComplete();
              }
            }
          });
          resp.endHandler(v -> all.complete(text.toString()));
          return all.future();
        })
        .onComplete(ctx.succeeding(text -> ctx.verify(() -> {
          assertEquals("data: 0\n\ndata: 1\n\ndata: 2\n\ndata: 3\n\ndata: 4\n\n", text);
          ctx.completeNow();
        })));
    });
  }

  /** Writes {@link #SIZE} bytes honouring the stream's write queue, counting them in {@code count}. */
  static void writeBody(io.vertx.core.streams.WriteStream<Buffer> stream, AtomicLong count) {
    while (count.get() < SIZE) {
      if (stream.writeQueueFull()) {
        stream.drainHandler(v -> writeBody(stream, count));
        return;
      }
      int n = (int) Math.min(CHUNK.length(), SIZE - count.get());
      stream.write(n == CHUNK.length() ? CHUNK : CHUNK.getBuffer(0, n));
      count.addAndGet(n);
    }
    stream.end();
  }

  /** Completes once {@code counter} has not moved for 40 polls of 10 ms (the writer is blocked). */
  Future<Void> stalled(AtomicLong counter) {
    Promise<Void> promise = Promise.promise();
    long[] last = {-1};
    int[] still = {0};
    long timer = vertx.setPeriodic(10, id -> {
      long now = counter.get();
      still[0] = now == last[0] ? still[0] + 1 : 0;
      last[0] = now;
      if (still[0] >= 40 || now >= SIZE) {
        vertx.cancelTimer(id);
        promise.tryComplete();
      }
    });
    return promise.future().onComplete(v -> vertx.cancelTimer(timer));
  }
}
