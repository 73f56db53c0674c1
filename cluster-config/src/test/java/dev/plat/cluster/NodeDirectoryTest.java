package dev.plat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NodeDirectoryTest {
  private final List<ClusterMember> members = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private NodeDirectory directory;

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    directory = NodeDirectory.inMemory(vertx, () -> members);
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private void put(String node) throws Exception {
    directory.put(new NodeInfo(node, Set.of(Role.CONTROLLER), "127.0.0.1:0", node + ":8081", 1))
      .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static ClusterMember member(String node) {
    return new ClusterMember(node, "127.0.0.1", 5701, false);
  }

  @Test
  void aMemberWithoutAnEntryIsUnannouncedAndAnEntryWithoutAMemberIsNotLive() throws Exception {
    members.addAll(List.of(member("a"), member("b"), new ClusterMember(null, "127.0.0.1", 5702, false)));
    put("a");
    put("gone");

    assertEquals(Set.of("b"), directory.unannounced(), "a member without a node id is left out");
    assertEquals(Set.of("a"), directory.live().keySet());

    put("b");
    members.removeIf(m -> "a".equals(m.nodeId()));
    assertEquals(Set.of(), directory.unannounced());
    assertEquals(Set.of("b"), directory.live().keySet());
  }

  @Test
  void theDirectoryOfOneJvmHasNoUnannouncedMember() throws Exception {
    NodeDirectory alone = NodeDirectory.inMemory(vertx);
    alone.put(new NodeInfo("a", Set.of(Role.CONTROLLER), "127.0.0.1:0", "a:8081", 1))
      .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    assertEquals(Set.of(), alone.unannounced());
    assertEquals(Set.of("a"), alone.live().keySet());
  }
}
