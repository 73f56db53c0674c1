package dev.plat.node;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A steady request loop from a few threads, each sending the next request as soon as the last one
 * answered, until {@link #stop()}. Every request has a timeout, so a hung request shows up as an
 * outcome with an error instead of hanging the test.
 */
final class LoadLoop implements AutoCloseable {
  /** One request's outcome: a status and body, or the exception it ended with (status -1). */
  record Outcome(int status, String body, String error, long startedNanos, long tookMillis) {
    @Override
    public String toString() {
      return error != null ? "error after " + tookMillis + " ms: " + error : status + " in " + tookMillis + " ms: " + body;
    }
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;

  /** Starts {@code threads} threads sending {@code request.get()} (built with its own timeout) in a loop. */
  static LoadLoop start(int threads, Supplier<HttpRequest> request) {
    LoadLoop loop = new LoadLoop();
    for (int i = 0; i < threads; i++) {
      Thread t = new Thread(() -> loop.run(request), "load-" + i);
      t.setDaemon(true);
      loop.threads.add(t);
      t.start();
    }
    return loop;
  }

  private void run(Supplier<HttpRequest> request) {
    while (running) {
      long start = System.nanoTime();
      try {
        HttpResponse<String> response = http.send(request.get(), HttpResponse.BodyHandlers.ofString());
        outcomes.add(new Outcome(response.statusCode(), response.body(), null, start, millisSince(start)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        outcomes.add(new Outcome(-1, null, e.toString(), start, millisSince(start)));
      }
    }
  }

  private static long millisSince(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  /** Stops the loop and waits for the requests in flight (each bounded by its own timeout). */
  List<Outcome> stop() throws InterruptedException {
    running = false;
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(60));
      if (t.isAlive()) {
        throw new AssertionError(t.getName() + " still runs 60 s after the loop stopped: a request hangs");
      }
    }
    return List.copyOf(outcomes);
  }

  /** The outcomes so far. */
  List<Outcome> outcomes() {
    return List.copyOf(outcomes);
  }

  /** "200 x 812, 502 x 2, error x 0" style counts, for messages. */
  static String summary(List<Outcome> outcomes) {
    Map<String, Long> counts = outcomes.stream().collect(Collectors.groupingBy(
      o -> o.error() != null ? "error" : String.valueOf(o.status()), TreeMap::new, Collectors.counting()));
    return outcomes.size() + " requests: " + counts;
  }

  @Override
  public void close() {
    running = false;
    threads.forEach(Thread::interrupt);
  }
}
