package dev.plat.cluster.testing;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One TCP connection to an HTTP server, bytes as a client writes them, everything on one Vert.x
 * context: what was received so far, a future for the moment some text has arrived and one for the
 * server closing the connection. For tests of what a server does with slow, idle or malformed clients.
 */
public final class RawConnection {
  private final Context context;
  private final NetClient client;
  private NetSocket socket;
  private final StringBuilder received = new StringBuilder();
  private final Promise<Void> closed = Promise.promise();
  private final List<Waiter> waiters = new ArrayList<>();
  private long pacer = -1;

  private record Waiter(String text, int times, Promise<String> promise) {
  }

  private RawConnection(Vertx vertx) {
    this.context = vertx.getOrCreateContext();
    this.client = vertx.createNetClient();
  }

  /** Connects to {@code 127.0.0.1:port}; waits up to 10 s. */
  public static RawConnection open(Vertx vertx, int port) {
    RawConnection c = new RawConnection(vertx);
    Promise<Void> connected = Promise.promise();
    c.context.runOnContext(v -> c.client.connect(port, "127.0.0.1").onComplete(ar -> {
      if (ar.failed()) {
        connected.fail(ar.cause());
        return;
      }
      c.socket = ar.result();
      c.socket.handler(c::received);
      c.socket.closeHandler(x -> {
        c.stopPacing();
        c.closed.tryComplete();
      });
      connected.complete();
    }));
    await(connected.future(), Duration.ofSeconds(10));
    return c;
  }

  private void received(Buffer bytes) {
    received.append(bytes.toString(StandardCharsets.ISO_8859_1));
    check();
  }

  private void check() {
    waiters.removeIf(w -> {
      if (count(received, w.text) >= w.times) {
        w.promise.tryComplete(received.toString());
        return true;
      }
      return false;
    });
  }

  private static int count(CharSequence in, String text) {
    int n = 0;
    for (int i = in.toString().indexOf(text); i >= 0; i = in.toString().indexOf(text, i + text.length())) {
      n++;
    }
    return n;
  }

  /** Writes {@code text}, a char a byte (ISO-8859-1). */
  public RawConnection write(String text) {
    context.runOnContext(v -> socket.write(latin1(text)));
    return this;
  }

  private static Buffer latin1(String text) {
    return Buffer.buffer(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Writes what {@code next} gives (a char a byte) every {@code periodMs} until the connection closes or {@link #stopPacing()}. */
  public RawConnection pace(long periodMs, Supplier<String> next) {
    context.runOnContext(v -> {
      if (!closed.future().isComplete()) {
        pacer = context.owner().setPeriodic(periodMs, id -> socket.write(latin1(next.get())));
      }
    });
    return this;
  }

  /** Stops the writes of {@link #pace}. */
  public void stopPacing() {
    context.runOnContext(v -> {
      if (pacer >= 0) {
        context.owner().cancelTimer(pacer);
        pacer = -1;
      }
    });
  }

  /** Everything received once {@code text} has arrived {@code times} times. */
  public Future<String> received(String text, int times) {
    Promise<String> promise = Promise.promise();
    context.runOnContext(v -> {
      waiters.add(new Waiter(text, times, promise));
      check();
      closed.future().onComplete(x -> context.runOnContext(y -> {
        check();
        promise.tryFail("the connection closed before '" + text + "' came " + times + " times; got: " + received);
      }));
    });
    return promise.future();
  }

  /** Completes when the server closed the connection (or it broke). */
  public Future<Void> closed() {
    return closed.future();
  }

  /** Whether the connection has closed by now. */
  public boolean isClosed() {
    return closed.future().isComplete();
  }

  /** Everything received so far. */
  public Future<String> text() {
    Promise<String> promise = Promise.promise();
    context.runOnContext(v -> promise.complete(received.toString()));
    return promise.future();
  }

  /** Closes the connection from this side. */
  public void close() {
    context.runOnContext(v -> {
      stopPacing();
      if (socket != null) {
        socket.close();
      }
      client.close();
    });
  }

  /** The result of {@code future}, waiting up to {@code timeout} (a bound on a hang, not a timing assertion). */
  public static <T> T await(Future<T> future, Duration timeout) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("nothing within " + timeout.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
