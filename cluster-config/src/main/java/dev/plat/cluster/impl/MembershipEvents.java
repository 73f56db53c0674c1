package dev.plat.cluster.impl;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import dev.plat.cluster.ClusterMember;
import dev.plat.cluster.Names;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Hands Hazelcast membership changes to handlers, each on the Vert.x context it was registered from. */
public final class MembershipEvents implements MembershipListener {
  private record Registration(Context context, Handler<ClusterMember> handler, boolean joined) {
  }

  private final List<Registration> registrations = new CopyOnWriteArrayList<>();

  public void add(Context context, Handler<ClusterMember> handler, boolean joined) {
    registrations.add(new Registration(context, handler, joined));
  }

  /** The member as Plat shows it. */
  public static ClusterMember toMember(Member member) {
    return new ClusterMember(member.getAttribute(Names.Hz.NODE_ATTRIBUTE), member.getAddress().getHost(),
      member.getAddress().getPort(), member.localMember());
  }

  @Override
  public void memberAdded(MembershipEvent event) {
    dispatch(toMember(event.getMember()), true);
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
    dispatch(toMember(event.getMember()), false);
  }

  private void dispatch(ClusterMember member, boolean joined) {
    for (Registration r : registrations) {
      if (r.joined() == joined) {
        r.context().runOnContext(v -> r.handler().handle(member));
      }
    }
  }
}
