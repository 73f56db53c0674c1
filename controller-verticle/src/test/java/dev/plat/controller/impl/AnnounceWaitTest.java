package dev.plat.controller.impl;

import static dev.plat.controller.impl.ExistingInstances.labels;
import static dev.plat.controller.impl.ExistingInstances.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.ClusterMember;
import dev.plat.cluster.Names;
import dev.plat.cluster.NodeDirectory;
import dev.plat.cluster.Route;
import dev.plat.cluster.api.FunctionSpec;
import dev.plat.controller.FunctionRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A leader's first reconciliation waits, bounded, for the nodes already in the cluster that have
 * not announced themselves yet (a whole-cluster restart), so that their instances are adopted
 * instead of replaced and then stopped as surplus.
 */
class AnnounceWaitTest {
  private static final String B = "node-b";
  private final Harness h = new Harness();
  /** The members of the cluster as Hazelcast would list them. */
  private final List<ClusterMember> members = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private FunctionSpec hello;
  private FakeContainerEngine.Fake a1;
  private FakeContainerEngine.Fake b1;

  @BeforeEach
  void cluster() throws Exception {
    vertx = Vertx.vertx();
    h.nodes = NodeDirectory.inMemory(vertx, () -> members);
    members.add(member(Harness.NODE));
    members.add(member(B));
    h.announce(Harness.NODE);
    hello = spec("hello", 2, 2);
    h.store.saved = List.of(new FunctionRecord(hello, FunctionRecord.Desired.RUNNING));
    a1 = h.engine.existing(labels(hello, "a1", Harness.NODE), true);
    b1 = h.engine.existing(labels(hello, "b1", B), true);
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static ClusterMember member(String node) {
    return new ClusterMember(node, "127.0.0.1", 5701, false);
  }

  private long runs() {
    return h.engine.ops.stream().filter(op -> op.startsWith("run")).count();
  }

  private Set<String> helloContainers() {
    return h.engine.containers.values().stream().filter(c -> "hello".equals(c.labels.get(Names.Label.FUNCTION)))
      .map(c -> c.id).collect(Collectors.toSet());
  }

  @Test
  void aMemberThatAnnouncesItselfDuringTheWaitHasItsInstanceAdoptedAndNoneReplaced() throws Exception {
    Future<Void> started = h.begin();
    assertFalse(started.isComplete(), "the reconciliation waits for B: " + h.engine.ops);
    h.clock.advance(AnnounceWait.BOUND_MS / 2);
    assertFalse(started.isComplete(), "still waiting for B");
    assertEquals(0, runs(), h.engine.ops.toString());

    h.announce(B);
    h.core.onNodeJoined(B);  // what the verticle does on the directory's announcement
    assertTrue(started.succeeded(), String.valueOf(started.cause()));
    h.clock.advance(60_000);

    assertEquals(0, runs(), "no replacement is ever started: " + h.engine.ops);
    assertEquals(Set.of(a1.id, b1.id), helloContainers(), h.engine.ops.toString());
    assertEquals(Set.of(Harness.NODE, B), h.routes("hello").stream().map(Route::node).collect(Collectors.toSet()),
      h.routes("hello").toString());
    assertEquals(2, h.get("hello").getJsonArray("instances").size(), h.get("hello").encode());
  }

  @Test
  void aMemberThatNeverAnnouncesItselfIsGivenUpAfterTheBoundAndJoinedLater() throws Exception {
    Future<Void> started = h.begin();
    h.clock.advance(AnnounceWait.BOUND_MS - 1);
    assertFalse(started.isComplete(), "the bound is not reached yet");

    h.clock.advance(1);
    assertTrue(started.succeeded(), String.valueOf(started.cause()));
    assertEquals(1, runs(), "a replacement for B's instance, on this node: " + h.engine.ops);
    assertEquals(2, h.routes("hello").size(), h.routes("hello") + " " + h.engine.ops);
    assertTrue(h.engine.containers.containsKey(b1.id), "a node not reconciled yet is left as it is");

    h.announce(B);
    Future<Void> joined = h.core.onNodeJoined(B);
    h.clock.advance(60_000);

    assertTrue(joined.succeeded(), String.valueOf(joined.cause()));
    assertEquals(Set.of(a1.id, b1.id), helloContainers(), "the replacement is the surplus: " + h.engine.ops);
    assertEquals(Set.of(Harness.NODE, B), h.routes("hello").stream().map(Route::node).collect(Collectors.toSet()));
  }

  @Test
  void aMemberThatLeavesEndsTheWaitAtTheNextCheck() {
    Future<Void> started = h.begin();
    members.removeIf(m -> B.equals(m.nodeId()));
    h.clock.advance(AnnounceWait.RECHECK_MS);

    assertTrue(started.succeeded(), "no need to wait for a node that left");
    assertEquals(1, runs(), "B's instance is replaced here: " + h.engine.ops);
  }

  @Test
  void aLeaderWhoseMembersAllAnnouncedDoesNotWait() throws Exception {
    h.announce(B);

    h.start();  // completes at once

    assertEquals(0, runs(), h.engine.ops.toString());
    assertEquals(Set.of(a1.id, b1.id), helloContainers());
    members.add(member("node-c"));
    assertTrue(h.core.reconcile().succeeded(), "only the first reconciliation waits");
  }

  @Test
  void aNodeAloneDoesNotWait() {
    Harness alone = new Harness();
    alone.store.saved = List.of(new FunctionRecord(hello, FunctionRecord.Desired.RUNNING));
    alone.engine.existing(labels(hello, "a1", Harness.NODE), true);

    alone.start();  // completes at once

    assertEquals(2, alone.routes("hello").size(), alone.engine.ops.toString());
  }
}
