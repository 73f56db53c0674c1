package dev.plat.cluster;

import com.hazelcast.core.HazelcastInstance;
import dev.plat.cluster.impl.HazelcastConfigs;
import dev.plat.cluster.impl.MembershipEvents;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts a clustered Vert.x on Hazelcast and gives access to the cluster: its members for
 * {@code /health}, the Hazelcast instance for the shared structures, membership changes.
 *
 * <pre>{@code
 * ClusterBootstrap cluster = ClusterBootstrap.of(config);
 * cluster.start()
 *   .compose(vertx -> RouteTable.hazelcast(vertx, cluster.hazelcast()))
 *   .onSuccess(routes -> ...);
 * }</pre>
 *
 * Hazelcast binds to {@link ClusterOptions#getHost()} only and joins over TCP-IP (multicast,
 * auto-detection and phone-home off); the event bus binds to and advertises the same host.
 * Hazelcast logs through java.util.logging at WARNING unless a level is configured for
 * {@code com.hazelcast}.
 */
public final class ClusterBootstrap {
  private static final Logger HAZELCAST_LOGGER = Logger.getLogger("com.hazelcast");

  private final ClusterOptions options;
  private final HazelcastClusterManager manager;
  private final MembershipEvents membership = new MembershipEvents();
  private volatile Vertx vertx;
  private boolean started;

  public ClusterBootstrap(ClusterOptions options) {
    this.options = new ClusterOptions(Objects.requireNonNull(options, "options"));
    this.manager = new HazelcastClusterManager(HazelcastConfigs.create(this.options));
  }

  /** A bootstrap for the cluster settings of {@code config}. */
  public static ClusterBootstrap of(PlatConfig config) {
    return new ClusterBootstrap(new ClusterOptions(config));
  }

  /** {@link #start(VertxOptions)} with default Vert.x options. */
  public Future<Vertx> start() {
    return start(new VertxOptions());
  }

  /**
   * Starts Hazelcast, joins the cluster and builds the clustered Vert.x. Call once.
   *
   * @param vertxOptions options to start from (its metrics options as given, e.g. Micrometer's); the event
   *                     bus host, port and public host are overridden
   */
  public synchronized Future<Vertx> start(VertxOptions vertxOptions) {
    if (started) {
      return Future.failedFuture(new IllegalStateException("cluster already started"));
    }
    started = true;
    if (HAZELCAST_LOGGER.getLevel() == null) {
      HAZELCAST_LOGGER.setLevel(Level.WARNING);
    }
    VertxOptions vertxOpts = new VertxOptions(vertxOptions);
    // the copy keeps only MetricsOptions#isEnabled: a metrics implementation's own options would be lost
    vertxOpts.setMetricsOptions(vertxOptions.getMetricsOptions());
    vertxOpts.getEventBusOptions().setHost(options.getHost()).setPort(options.getEventBusPort())
      .setClusterPublicHost(options.getHost());
    return Vertx.builder().with(vertxOpts).withClusterManager(manager).buildClustered()
      .compose(v -> v.executeBlocking(() -> {
        manager.getHazelcastInstance().getCluster().addMembershipListener(membership);
        vertx = v;
        return v;
      }));
  }

  /** The options this bootstrap uses (a copy). */
  public ClusterOptions options() {
    return new ClusterOptions(options);
  }

  /** The clustered Vert.x; {@code null} until {@link #start()} has succeeded. */
  public Vertx vertx() {
    return vertx;
  }

  /** The Hazelcast instance for the shared structures; {@code null} until started. */
  public HazelcastInstance hazelcast() {
    return vertx == null ? null : manager.getHazelcastInstance();
  }

  /** The port this member listens on, once started: the one asked for, or the free one picked for 0. */
  public int port() {
    return hazelcast().getCluster().getLocalMember().getAddress().getPort();
  }

  /** Number of members in the cluster as this member sees it, itself included; 0 when not running. */
  public int memberCount() {
    HazelcastInstance hz = hazelcast();
    return hz == null || !hz.getLifecycleService().isRunning() ? 0 : hz.getCluster().getMembers().size();
  }

  /**
   * Whether the backups of every partition this member owns are in sync with it (Hazelcast's
   * local safe state), so that losing one more member loses nothing acknowledged. False while
   * partitions migrate after a member joined or left, and when not running. Blocks (it asks the
   * other members): call it off the event loop.
   */
  public boolean backupsInSync() {
    HazelcastInstance hz = hazelcast();
    return hz != null && hz.getLifecycleService().isRunning() && hz.getPartitionService().isLocalMemberSafe();
  }

  /** The members as this member sees them, oldest first; empty when not running. Never blocks. */
  public List<ClusterMember> members() {
    HazelcastInstance hz = hazelcast();
    if (hz == null || !hz.getLifecycleService().isRunning()) {
      return List.of();
    }
    return hz.getCluster().getMembers().stream().map(MembershipEvents::toMember).toList();
  }

  /** Calls {@code handler} on the caller's context when a member joins. Requires a started cluster. */
  public void onMemberJoined(Handler<ClusterMember> handler) {
    membership.add(requireStarted().getOrCreateContext(), handler, true);
  }

  /**
   * Calls {@code handler} on the caller's context when a member leaves or is found dead ({@link
   * RouteJanitor} takes its routes out of the table this way). Requires a started cluster.
   */
  public void onMemberLeft(Handler<ClusterMember> handler) {
    membership.add(requireStarted().getOrCreateContext(), handler, false);
  }

  /** Leaves the cluster and closes Vert.x (and Hazelcast with it). */
  public Future<Void> close() {
    Vertx v = vertx;
    return v == null ? Future.succeededFuture() : v.close();
  }

  private Vertx requireStarted() {
    Vertx v = vertx;
    if (v == null) {
      throw new IllegalStateException("cluster not started");
    }
    return v;
  }
}
