package dev.plat.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

/**
 * Which member leads the control plane: the oldest member of the cluster that may lead (the
 * controller role, {@link Names.Hz#CONTROLLER_ATTRIBUTE}), provided its side of the cluster holds a
 * quorum ({@link ClusterOptions#quorum()}). Hazelcast keeps one member list, oldest first, on every
 * member, so all members agree on the leader without a vote; when the leader dies the next oldest
 * takes over as soon as Hazelcast reports it gone, and a member cut off in a minority partition
 * steps down instead of scheduling beside the majority's leader.
 *
 * <p>Handlers run on the context that started the leadership, in order: {@code true} once when this
 * member becomes leader, {@code false} once when it stops being it.
 */
public final class Leadership {
  private static final Logger LOG = Logger.getLogger(Leadership.class.getName());
  /** Membership is looked at again this often, besides on every join and leave. */
  private static final long CHECK_MS = 1_000;

  private final HazelcastInstance hz;
  private final int quorum;
  private final List<Handler<Boolean>> handlers = new CopyOnWriteArrayList<>();
  private final Vertx vertx;
  private long timer = -1;
  private volatile boolean leader;
  private volatile String leaderNode;

  private Leadership(Vertx vertx, HazelcastInstance hz, int quorum) {
    this.vertx = vertx;
    this.hz = hz;
    this.quorum = quorum;
  }

  /** Starts watching the membership of {@code cluster}, on the caller's context. */
  public static Leadership start(ClusterBootstrap cluster) {
    Leadership leadership = new Leadership(cluster.vertx(), cluster.hazelcast(), cluster.options().quorum());
    cluster.onMemberJoined(m -> leadership.check());
    cluster.onMemberLeft(m -> leadership.check());
    leadership.timer = cluster.vertx().setPeriodic(CHECK_MS, id -> leadership.check());
    return leadership;
  }

  /** Calls {@code handler} with {@code true} when this member becomes leader (at once if it is), {@code false} when it stops. */
  public void onChange(Handler<Boolean> handler) {
    handlers.add(handler);
    if (leader) {
      handler.handle(true);
    }
    check();
  }

  /** Whether this member leads now. */
  public boolean isLeader() {
    return leader;
  }

  /** The node id of the leader as this member sees it; {@code null} when no member may lead or there is no quorum. */
  public String leaderNode() {
    return leaderNode;
  }

  /** How many members a side of the cluster needs to have a leader. */
  public int quorum() {
    return quorum;
  }

  /** Stops watching; a leader steps down (its handlers are told). */
  public void stop() {
    vertx.cancelTimer(timer);
    if (leader) {
      leader = false;
      handlers.forEach(h -> h.handle(false));
    }
    handlers.clear();
  }

  private void check() {
    if (!hz.getLifecycleService().isRunning()) {
      return;
    }
    Set<Member> members = hz.getCluster().getMembers();
    Member first = members.size() < quorum ? null : members.stream()
      .filter(m -> "true".equals(m.getAttribute(Names.Hz.CONTROLLER_ATTRIBUTE))).findFirst().orElse(null);
    leaderNode = first == null ? null : first.getAttribute(Names.Hz.NODE_ATTRIBUTE);
    boolean now = first != null && first.localMember();
    if (now != leader) {
      leader = now;
      LOG.info(() -> now ? "leadership: this node leads the control plane (" + members.size() + " members, quorum "
        + quorum + ")" : "leadership: this node no longer leads (" + members.size() + " members, quorum " + quorum
        + ", leader " + leaderNode + ")");
      handlers.forEach(h -> h.handle(now));
    }
  }
}
