package dev.plat.cluster.testing;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.map.impl.MapService;
import com.hazelcast.spi.impl.NodeEngineImpl;
import com.hazelcast.spi.impl.PartitionSpecificRunnable;
import com.hazelcast.spi.impl.operationservice.impl.OperationServiceImpl;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A lost backup, made on purpose: Hazelcast completes a write whose backup did not ack within its
 * backup timeout, or that its target refused, and only a later replica sync repairs the copy. Tests
 * of what a member's death leaves use it to put the primary replica ahead of its backup.
 */
public final class LostBackups {
  private LostBackups() {
  }

  /**
   * Waits until no partition migrates and every backup is in sync (after a member joined), so that
   * the owners {@link #keyOwnedBy} finds stay the owners.
   */
  public static void awaitSettled(HazelcastInstance member) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!member.getPartitionService().isClusterSafe()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the partitions did not settle within 60 s");
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  /** The key {@code "<prefix>N"} with the smallest N whose partition {@code owner} owns. */
  public static String keyOwnedBy(HazelcastInstance owner, String prefix) {
    for (int i = 0; i < 100_000; i++) {
      String key = prefix + i;
      if (owner.getCluster().getLocalMember().equals(owner.getPartitionService().getPartition(key).getOwner())) {
        return key;
      }
    }
    throw new IllegalStateException(owner.getCluster().getLocalMember() + " owns no partition");
  }

  /**
   * Sets {@code key} to {@code value} in map {@code map} on {@code owner}'s primary replica only, on
   * its partition thread, with no backup and no event: its backup is one write behind.
   */
  public static void setOnPrimaryOnly(HazelcastInstance owner, String map, Object key, Object value) throws Exception {
    NodeEngineImpl engine = ((HazelcastInstanceProxy) owner).getOriginal().node.getNodeEngine();
    SerializationService serialization = engine.getSerializationService();
    int partition = owner.getPartitionService().getPartition(key).getPartitionId();
    MapService maps = engine.getService(MapService.SERVICE_NAME);
    CompletableFuture<Void> done = new CompletableFuture<>();
    ((OperationServiceImpl) engine.getOperationService()).execute(new PartitionSpecificRunnable() {
      @Override
      public int getPartitionId() {
        return partition;
      }

      @Override
      public void run() {
        try {
          maps.getMapServiceContext().getRecordStore(partition, map)
            .set(serialization.toData(key), serialization.toData(value), -1, -1);
          done.complete(null);
        } catch (RuntimeException e) {
          done.completeExceptionally(e);
        }
      }
    });
    done.get(10, TimeUnit.SECONDS);
  }
}
