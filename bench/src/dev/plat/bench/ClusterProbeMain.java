package dev.plat.bench;

import dev.plat.cluster.ClusterBootstrap;
import dev.plat.cluster.ClusterOptions;
import dev.plat.cluster.Route;
import dev.plat.cluster.RouteTable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The helper of {@code bench/cluster.sh} (not a test), one mode per run:
 *
 * <ul>
 *   <li>{@code route}: joins the cluster as a member of its own, puts one route (function, owner
 *       node, unix socket, owner's proxy address) into the replicated routing table, leaves;</li>
 *   <li>{@code propagation}: joins, then {@code count} times puts a route of a fresh function owned
 *       by {@code node} and polls {@code gateway} (another node's) until it answers 200 for that
 *       function; prints {@code RESULT p50 p99 max count} in ms from the put to that 200;</li>
 *   <li>{@code load}: {@code conns} threads GET {@code url} for {@code seconds}; prints
 *       {@code LOAD ok errors first_error_ms last_error_ms {kind=count}} (wall-clock ms, 0 when none).</li>
 * </ul>
 *
 * Flags: {@code --key value}. A member joins with {@code --members host:port --cluster-name NAME}.
 */
public final class ClusterProbeMain {
  private ClusterProbeMain() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> flags = new HashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      flags.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    switch (args[0]) {
      case "route" -> route(flags);
      case "propagation" -> propagation(flags);
      case "load" -> load(flags);
      default -> throw new IllegalArgumentException("mode: route, propagation or load");
    }
    System.exit(0);
  }

  private static ClusterBootstrap join(Map<String, String> f) throws Exception {
    ClusterBootstrap cluster = new ClusterBootstrap(new ClusterOptions().setNodeId("bench-probe-" + ProcessHandle.current().pid())
      .setClusterName(f.get("cluster-name")).setHost("127.0.0.1").setPort(0).setMembers(List.of(f.get("members")))
      .setWaitSecondsBeforeJoin(0));
    cluster.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    return cluster;
  }

  private static RouteTable table(ClusterBootstrap cluster) throws Exception {
    return RouteTable.hazelcast(cluster.vertx(), cluster.hazelcast()).toCompletionStage().toCompletableFuture()
      .get(30, TimeUnit.SECONDS);
  }

  private static Route route(Map<String, String> f, String function) {
    return new Route(function, "bench-" + Long.toHexString(System.nanoTime()), 1, f.get("node"), f.get("socket"), f.get("proxy"));
  }

  private static void route(Map<String, String> f) throws Exception {
    ClusterBootstrap cluster = join(f);
    table(cluster).put(route(f, f.get("function"))).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    System.out.println("routed " + f.get("function"));
    cluster.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static void propagation(Map<String, String> f) throws Exception {
    ClusterBootstrap cluster = join(f);
    RouteTable routes = table(cluster);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    int count = Integer.parseInt(f.getOrDefault("count", "50"));
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String function = "prop" + i + "x" + Long.toHexString(System.nanoTime() & 0xffffff);
      HttpRequest request = HttpRequest.newBuilder(URI.create(f.get("gateway") + "/function/" + function + "/"))
        .header("Authorization", "Bearer " + f.get("token")).timeout(Duration.ofSeconds(10)).build();
      Route route = route(f, function);
      long start = System.nanoTime();
      routes.put(route);
      long deadline = start + TimeUnit.SECONDS.toNanos(30);
      while (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("route " + function + " not served by " + f.get("gateway") + " within 30 s");
        }
      }
      millis.add((System.nanoTime() - start) / 1e6);
      routes.remove(function, route.instance()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    Collections.sort(millis);
    System.out.printf("RESULT %.1f %.1f %.1f %d%n", pct(millis, 50), pct(millis, 99), millis.get(millis.size() - 1), count);
    cluster.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static double pct(List<Double> sorted, double p) {
    return sorted.get(Math.max(0, (int) Math.ceil(p / 100 * sorted.size()) - 1));
  }

  private static void load(Map<String, String> f) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(f.get("url"))).header("Authorization", "Bearer " + f.get("token"))
      .timeout(Duration.ofSeconds(10)).build();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(f.getOrDefault("seconds", "30")));
    AtomicLong ok = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicLong firstError = new AtomicLong();
    AtomicLong lastError = new AtomicLong();
    Map<String, Long> kinds = new java.util.concurrent.ConcurrentHashMap<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < Integer.parseInt(f.getOrDefault("conns", "8")); t++) {
      Thread thread = new Thread(() -> {
        while (System.nanoTime() < end) {
          String failure;
          try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            failure = status == 200 ? null : String.valueOf(status);
          } catch (Exception e) {
            failure = e.getClass().getSimpleName();
          }
          if (failure == null) {
            ok.incrementAndGet();
          } else {
            errors.incrementAndGet();
            long now = System.currentTimeMillis();
            firstError.compareAndSet(0, now);
            lastError.accumulateAndGet(now, Math::max);
            kinds.merge(failure, 1L, Long::sum);
          }
        }
      });
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    System.out.println("LOAD " + ok.get() + " " + errors.get() + " " + firstError.get() + " " + lastError.get() + " " + kinds);
  }
}
