package dev.plat.cluster;

import com.hazelcast.replicatedmap.ReplicatedMap;
import dev.plat.cluster.impl.Departures;
import dev.plat.cluster.impl.LeaseWatch;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Keeps the routing table to live nodes. Every node runs one:
 * <ul>
 *   <li>when Hazelcast reports a member gone (crashed, killed, cut off or stopped), every survivor
 *   takes the routes of that member's node id out of the table at once ({@link RouteTable#removeNode}
 *   is idempotent, so each survivor doing it is harmless), unless another member still carries the
 *   same node id;</li>
 *   <li>it renews this node's lease ({@link Names.Hz#LEASES}) every {@link #RENEW_MILLIS}, on the
 *   event loop, so a node whose event loop is stuck stops renewing; it takes out the routes of any
 *   other node whose lease it has seen unchanged for the lease bound ({@link LeaseWatch}: measured
 *   on this member's clock, never compared with the owner's). This catches routes whose owner left
 *   unseen (before this member joined, or while every observer was down) and a member whose
 *   Hazelcast still answers while its node no longer works;</li>
 *   <li>it remembers recent departures for {@code /health} ({@link #state()}, {@link #ask}).</li>
 * </ul>
 */
public final class RouteJanitor {
  /** How often a node renews its lease and checks the others'. */
  public static final long RENEW_MILLIS = 1_000;
  /** Departure reason: Hazelcast reported the member gone. */
  public static final String LEFT = "left";
  /** Departure reason: the node's lease stopped changing. */
  public static final String LEASE_EXPIRED = "lease expired";
  /** The health name the state answers under, beside the roles ({@link RoleHealth#address}). */
  public static final String HEALTH_NAME = "cluster";

  private static final Logger LOG = Logger.getLogger(RouteJanitor.class.getName());
  private static final long ASK_TIMEOUT_MS = 2_000;
  /** How long /health waits for Hazelcast's answer on the backups, well inside {@link #ASK_TIMEOUT_MS}. */
  private static final long SYNC_CHECK_MS = 1_000;

  private final ClusterBootstrap cluster;
  private final Vertx vertx;
  private final RouteTable routes;
  private final String self;
  private final int leaseSeconds;
  private final ReplicatedMap<String, Long> leases;
  private final LeaseWatch watch;
  private final Departures departures = new Departures(System::currentTimeMillis);
  private final List<Handler<JsonObject>> departureHandlers = new CopyOnWriteArrayList<>();
  private MessageConsumer<JsonObject> healthConsumer;
  private long timerId = -1;
  private long lease;
  private boolean sweeping;
  /** The question to Hazelcast about the backups under way or last answered; on the janitor's context only. */
  private Future<Boolean> syncCheck;

  private RouteJanitor(ClusterBootstrap cluster, RouteTable routes, int leaseSeconds,
      ReplicatedMap<String, Long> leases) {
    this.cluster = cluster;
    this.vertx = cluster.vertx();
    this.routes = routes;
    this.self = cluster.options().getNodeId();
    this.leaseSeconds = leaseSeconds;
    this.leases = leases;
    this.watch = new LeaseWatch(TimeUnit.SECONDS.toNanos(leaseSeconds), System::nanoTime);
  }

  /**
   * Starts keeping {@code routes} on the caller's context (call it from a Vert.x context).
   *
   * @param leaseSeconds how long another node's lease may stay unchanged before its routes are
   *                     taken out ({@link ConfigKey#ROUTE_LEASE_SECONDS}), at least 3
   */
  public static Future<RouteJanitor> start(ClusterBootstrap cluster, RouteTable routes, int leaseSeconds) {
    if (leaseSeconds < 3) {
      return Future.failedFuture(new IllegalArgumentException("leaseSeconds must be >= 3, got " + leaseSeconds));
    }
    Vertx vertx = cluster.vertx();
    return vertx.executeBlocking(() -> cluster.hazelcast().<String, Long>getReplicatedMap(Names.Hz.LEASES))
      .compose(leases -> {
        RouteJanitor janitor = new RouteJanitor(cluster, routes, leaseSeconds, leases);
        cluster.onMemberLeft(janitor::memberLeft);
        janitor.healthConsumer = vertx.eventBus().localConsumer(RoleHealth.address(janitor.self, HEALTH_NAME),
          msg -> janitor.backupsInSync().onComplete(inSync -> msg.reply(janitor.state().put("backupsInSync", inSync.result()))));
        return janitor.healthConsumer.completion().compose(v -> janitor.renew()).map(v -> {
          janitor.timerId = vertx.setPeriodic(RENEW_MILLIS, id -> janitor.tick());
          return janitor;
        });
      });
  }

  /**
   * This node's view of the cluster's departures: {@code {"status": "up"|"degraded", "leaseSeconds",
   * "unrouted": [functions that lost routes and have none now], "left": [{"nodeId", "at", "reason",
   * "routes", "functions", "unrouted"}]}}. Departures are listed for 10 minutes.
   */
  public JsonObject state() {
    departures.settle(routes.snapshot());
    return departures.toJson().put("leaseSeconds", leaseSeconds);
  }

  /**
   * Whether this member's partitions have their backups in sync ({@link ClusterBootstrap#backupsInSync}),
   * asked off the event loop; false when the answer takes over {@link #SYNC_CHECK_MS}. Never fails.
   * One question at a time: health checks that come while Hazelcast has not answered (it may wait
   * for a member that is dying) share it, so they hold one worker thread, not one each.
   */
  private Future<Boolean> backupsInSync() {
    if (syncCheck == null || syncCheck.isComplete()) {
      syncCheck = vertx.executeBlocking(cluster::backupsInSync, false);
    }
    return syncCheck.timeout(SYNC_CHECK_MS, TimeUnit.MILLISECONDS).otherwise(false);
  }

  /** Calls {@code handler} on the janitor's context with each departure once its routes are out. */
  public void onDeparture(Handler<JsonObject> handler) {
    departureHandlers.add(handler);
  }

  /** The {@link #state()} of the janitor of {@code nodeId} in this JVM; {@code null} when there is none. Never fails. */
  public static Future<JsonObject> ask(Vertx vertx, String nodeId) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(ASK_TIMEOUT_MS).setLocalOnly(true);
    return vertx.eventBus().<JsonObject>request(RoleHealth.address(nodeId, HEALTH_NAME), null, options)
      .map(msg -> msg.body()).otherwise((JsonObject) null);
  }

  /**
   * Stops renewing and watching. The lease entry stays: the other members see it unchanged and take
   * out any route of this node still in the table after the bound.
   */
  public Future<Void> close() {
    vertx.cancelTimer(timerId);
    return healthConsumer == null ? Future.succeededFuture() : healthConsumer.unregister();
  }

  private void memberLeft(ClusterMember member) {
    String node = member.nodeId();
    if (node == null || node.equals(self)) {
      return;
    }
    if (cluster.members().stream().anyMatch(m -> node.equals(m.nodeId()))) {
      LOG.warning(() -> "a member of node " + node + " left but another member carries the same node id: "
        + "its routes stay");
      return;
    }
    drop(node, LEFT);
  }

  private void tick() {
    if (sweeping) {
      return;
    }
    sweeping = true;
    Set<String> owners = new TreeSet<>();
    routes.snapshot().values().forEach(list -> list.forEach(r -> owners.add(r.node())));
    owners.remove(self);
    renew().compose(v -> routes.restore(self)).compose(restored -> {
      if (restored > 0) {
        LOG.warning(() -> "put back " + restored + " routes of this node that another member had taken out");
      }
      return vertx.executeBlocking(() -> {
        Map<String, Long> seen = new HashMap<>();
        owners.forEach(node -> {
          Long value = leases.get(node);
          if (value != null) {
            seen.put(node, value);
          }
        });
        return seen;
      }, false);
    }).onComplete(ar -> {
      sweeping = false;
      if (ar.failed()) {
        LOG.warning(() -> "could not renew, restore or read route leases: " + ar.cause().getMessage());
        return;
      }
      watch.expired(owners, ar.result()).forEach(node -> drop(node, LEASE_EXPIRED));
      departures.settle(routes.snapshot());
    });
  }

  private Future<Void> renew() {
    lease = Math.max(lease + 1, System.currentTimeMillis());
    long value = lease;
    return vertx.executeBlocking(() -> {
      leases.put(self, value);
      return null;
    }, false);
  }

  private void drop(String node, String reason) {
    List<Route> owned = routes.snapshot().values().stream().flatMap(List::stream)
      .filter(r -> node.equals(r.node())).toList();
    routes.removeNode(node)
      .compose(v -> LEFT.equals(reason) ? vertx.executeBlocking(() -> leases.remove(node), false).mapEmpty()
        : Future.<Void>succeededFuture())
      .onSuccess(v -> {
        departures.add(node, reason, owned);
        LOG.warning(() -> "node " + node + " " + (LEFT.equals(reason) ? "left the cluster" : "stopped renewing its "
          + "route lease (" + leaseSeconds + " s)") + ": took out its " + owned.size() + " routes");
        JsonObject event = new JsonObject().put("nodeId", node).put("reason", reason).put("routes", owned.size());
        departureHandlers.forEach(h -> h.handle(event));
      })
      .onFailure(err -> LOG.warning(() -> "could not take out the routes of node " + node + ": " + err.getMessage()));
  }
}
