package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.plat.cluster.ClusterOptions;
import dev.plat.cluster.Names;
import dev.plat.cluster.impl.HazelcastConfigs;
import dev.plat.cluster.testing.FreePorts;
import dev.plat.cluster.testing.LostBackups;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the registry's owner's abrupt death leaves when one of its backups was lost (Hazelcast
 * completes a write whose backup did not ack in time): the next change must bring the backup up to
 * the primary's state, not run the change again on the older copy.
 */
class RegistryBackupTest {
  private HazelcastInstance first;
  private HazelcastInstance second;

  @AfterEach
  void stop() {
    for (HazelcastInstance member : new HazelcastInstance[] {first, second}) {
      if (member != null) {
        member.getLifecycleService().terminate();
      }
    }
  }

  @Test
  void after_a_lost_backup_the_next_change_leaves_the_survivor_the_primarys_state() throws Exception {
    String cluster = FreePorts.clusterName();
    first = member(cluster, "one", List.of());
    second = member(cluster, "two", List.of("127.0.0.1:" + first.getCluster().getLocalMember().getAddress().getPort()));
    // the registry's partition may still migrate after the join: its owner is read once it settled
    LostBackups.awaitSettled(first);
    boolean firstOwns = first.getCluster().getLocalMember()
      .equals(first.getPartitionService().getPartition(HazelcastRegistryStore.KEY).getOwner());
    HazelcastInstance owner = firstOwns ? first : second;
    HazelcastInstance survivor = firstOwns ? second : first;
    IMap<String, RegistryState> registry = owner.getMap(Names.Hz.REGISTRY);

    registry.executeOnKey(HazelcastRegistryStore.KEY, new RegistrySeed(1, true, 0, Map.of()));
    registry.executeOnKey(HazelcastRegistryStore.KEY, new RegistryWrite(1, Map.of("a", "{\"name\":\"a\"}"), List.of()));
    // the primary moves on without its backup: a term raised and a record added
    RegistryState ahead = registry.get(HazelcastRegistryStore.KEY);
    ahead.term(2);
    ahead.records().put("b", "{\"name\":\"b\"}");
    ahead.revision(ahead.revision() + 1);
    LostBackups.setOnPrimaryOnly(owner, Names.Hz.REGISTRY, HazelcastRegistryStore.KEY, ahead);

    long term = registry.executeOnKey(HazelcastRegistryStore.KEY, new NextTerm());
    assertEquals(3, term);
    long[] written = registry.executeOnKey(HazelcastRegistryStore.KEY,
      new RegistryWrite(term, Map.of("c", "{\"name\":\"c\"}"), List.of()));
    assertEquals(RegistryWrite.APPLIED, written[0]);
    RegistryState primary = registry.get(HazelcastRegistryStore.KEY);

    owner.getLifecycleService().terminate();
    RegistryState left = survivor.<String, RegistryState>getMap(Names.Hz.REGISTRY).get(HazelcastRegistryStore.KEY);
    assertEquals(primary.toString(), left.toString(), "the survivor's registry");
    assertEquals(List.of("a", "b", "c"), List.copyOf(left.records().keySet()));
    assertEquals(3, left.term(), "a term handed out is never handed out again");
  }

  private static HazelcastInstance member(String cluster, String id, List<String> members) {
    return Hazelcast.newHazelcastInstance(HazelcastConfigs.create(new ClusterOptions().setNodeId(id)
      .setClusterName(cluster).setPort(0).setMembers(members).setWaitSecondsBeforeJoin(0)));
  }
}
