package dev.plat.docker;

import static dev.plat.docker.DockerTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A fake daemon streams several MB of framed output: the reader's pace must reach the writer. */
@ExtendWith(VertxExtension.class)
class LogStreamBackPressureTest {

  private static final int FRAMES = 4000;
  private static final int PAYLOAD = 1024;

  private FakeDocker fake;
  private DockerClient docker;

  static Buffer frame(int i) {
    String text = (i + ":" + "x".repeat(PAYLOAD)).substring(0, PAYLOAD - 1) + "\n";
    return Buffer.buffer().appendByte((byte) (i % 2 == 0 ? 1 : 2)).appendBytes(new byte[3]).appendUnsignedInt(text.length())
      .appendString(text);
  }

  @AfterEach
  void stop() {
    if (fake != null) {
      fake.close();
    }
  }

  @Test
  void aPausedLogStreamStallsTheDaemonAndDeliversEveryFrameInOrderWhenFetched(Vertx vertx) {
    Promise<Void> writerStalled = Promise.promise();
    AtomicInteger written = new AtomicInteger();
    fake = FakeDocker.start(vertx, "logs", request -> {
      HttpServerResponse response = request.response().setChunked(true)
        .putHeader("Content-Type", "application/vnd.docker.multiplexed-stream");
      writeFrames(response, written, writerStalled);
    }, new DockerClientOptions());
    docker = fake.docker;

    LogStream logs = await(docker.logs("c1", LogsOptions.following()));
    List<LogFrame> frames = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger requested = new AtomicInteger();
    AtomicInteger overDelivered = new AtomicInteger();
    AtomicBoolean draining = new AtomicBoolean();
    Promise<Void> ended = Promise.promise();
    Promise<Void> firstFrame = Promise.promise();
    logs.pause();
    logs.endHandler(v -> ended.complete()).exceptionHandler(ended::tryFail).handler(frame -> {
      frames.add(frame);
      if (frames.size() > requested.get()) {
        overDelivered.incrementAndGet();
      }
      firstFrame.tryComplete();
      if (draining.get()) {
        vertx.runOnContext(v -> fetchOne(logs, requested));
      }
    });
    fetchOne(logs, requested);
    await(firstFrame.future());

    await(writerStalled.future());
    assertTrue(written.get() < FRAMES, "the daemon had to wait for the reader: " + written.get());
    assertEquals(1, frames.size(), "nothing beyond what was fetched");
    draining.set(true);
    fetchOne(logs, requested);
    await(ended.future());

    assertEquals(0, overDelivered.get(), "frames delivered beyond what was fetched");
    assertEquals(FRAMES, frames.size());
    for (int i = 0; i < FRAMES; i++) {
      assertEquals(i % 2 == 0 ? LogFrame.Stream.STDOUT : LogFrame.Stream.STDERR, frames.get(i).stream());
      assertTrue(frames.get(i).text().startsWith(i + ":"), frames.get(i).text().substring(0, 10));
    }
  }

  private static void fetchOne(LogStream logs, AtomicInteger requested) {
    requested.incrementAndGet();
    logs.fetch(1);
  }

  /** Writes frames in odd-sized chunks while the connection takes them; notes when it had to wait. */
  private static void writeFrames(HttpServerResponse response, AtomicInteger written, Promise<Void> stalled) {
    while (written.get() < FRAMES) {
      if (response.writeQueueFull()) {
        stalled.tryComplete();
        response.drainHandler(v -> writeFrames(response, written, stalled));
        return;
      }
      Buffer chunk = Buffer.buffer();
      for (int k = 0; k < 3 && written.get() < FRAMES; k++) {
        chunk.appendBuffer(frame(written.getAndIncrement()));
      }
      int cut = chunk.length() / 3;
      response.write(chunk.getBuffer(0, cut));
      response.write(chunk.getBuffer(cut, chunk.length()));
    }
    response.end();
  }
}
