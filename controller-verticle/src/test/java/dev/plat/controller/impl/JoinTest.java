package dev.plat.controller.impl;

import static dev.plat.controller.impl.ExistingInstances.labels;
import static dev.plat.controller.impl.ExistingInstances.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.Names;
import dev.plat.cluster.NodeDirectory;
import dev.plat.cluster.Route;
import dev.plat.cluster.api.FunctionSpec;
import dev.plat.controller.FunctionRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node that announces itself after the leader reconciled (it was away, or slower to announce than
 * the leader waits, {@link AnnounceWait}): its running instances are adopted, its true orphans
 * removed, and the replacements the leader started meanwhile are the surplus that goes, so that the
 * instances stay spread over the nodes.
 */
class JoinTest {
  private static final String B = "node-b";
  private final Harness h = new Harness();
  private Vertx vertx;

  @BeforeEach
  void nodes() throws Exception {
    vertx = Vertx.vertx();
    h.nodes = NodeDirectory.inMemory(vertx);
    h.announce(Harness.NODE);
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private Set<String> routedNodes(String function) {
    return h.routes(function).stream().map(Route::node).collect(Collectors.toSet());
  }

  @Test
  void aNodeThatJoinsAfterTheReconciliationKeepsItsInstancesAndLosesOnlyItsOrphans() throws Exception {
    FunctionSpec hello = spec("hello", 2, 2);
    h.store.saved = List.of(new FunctionRecord(hello, FunctionRecord.Desired.RUNNING));
    FakeContainerEngine.Fake a1 = h.engine.existing(labels(hello, "a1", Harness.NODE), true);
    FakeContainerEngine.Fake b1 = h.engine.existing(labels(hello, "b1", B), true);
    var orphan = h.engine.existing(labels(spec("gone", 1, 1), "o1", B), true);
    var stale = h.engine.existing(labels(spec("hello", 1, 1), "s1", B), true);
    var dead = h.engine.existing(labels(hello, "d1", B), false);

    // B is not in the cluster (it was away; one present but slow to announce is waited for, see
    // AnnounceWaitTest): the leader sees only this node, adopts a1 and starts a second instance here
    h.start();
    assertEquals(2, h.routes("hello").size(), h.routes("hello") + " " + h.engine.ops + " " + h.events);
    assertEquals(Set.of(Harness.NODE), routedNodes("hello"));
    assertTrue(h.engine.containers.containsKey(b1.id), "a node not reconciled yet is left as it is");

    h.announce(B);
    Future<Void> joined = h.core.onNodeJoined(B);
    h.clock.advance(60_000);

    assertTrue(joined.succeeded(), String.valueOf(joined.cause()));
    assertTrue(h.engine.containers.containsKey(b1.id), "B's running instance is adopted: " + h.engine.ops);
    for (var removed : List.of(orphan, stale, dead)) {
      assertFalse(h.engine.containers.containsKey(removed.id), removed.labels.toString());
    }
    // the replacement started while B was away is the surplus: one instance per node, a1 and b1
    assertEquals(Set.of(Harness.NODE, B), routedNodes("hello"), h.routes("hello").toString());
    assertEquals(Set.of(a1.id, b1.id), h.routes("hello").stream().map(Route::container).collect(Collectors.toSet()));
    assertEquals(2, h.get("hello").getJsonArray("instances").size(), h.get("hello").encode());
    assertEquals(Set.of(a1.id, b1.id), h.engine.containers.values().stream()
      .filter(c -> "hello".equals(c.labels.get(Names.Label.FUNCTION))).map(c -> c.id).collect(Collectors.toSet()));
  }

  @Test
  void aNodeAnnouncedTwiceIsReconciledOnce() throws Exception {
    FunctionSpec hello = spec("hello", 2, 2);
    h.store.saved = List.of(new FunctionRecord(hello, FunctionRecord.Desired.RUNNING));
    h.engine.existing(labels(hello, "a1", Harness.NODE), true);
    FakeContainerEngine.Fake b1 = h.engine.existing(labels(hello, "b1", B), true);
    h.announce(B);

    h.start();  // B is a candidate: reconciled at start
    h.core.onNodeJoined(B);
    h.core.onNodeJoined(B);
    h.clock.advance(60_000);

    assertTrue(h.engine.containers.containsKey(b1.id), h.engine.ops + " " + h.events);
    assertEquals(2, h.routes("hello").size(), h.routes("hello").toString());
    assertEquals(2, h.get("hello").getJsonArray("instances").size(), h.get("hello").encode());
    assertEquals(Set.of(Harness.NODE, B), routedNodes("hello"));
  }

  @Test
  void aFunctionTheLeaderFoundEmptyKeepsWhatItsNodeBringsBack() throws Exception {
    FunctionSpec idle = spec("idle", 1, 0);
    h.store.saved = List.of(new FunctionRecord(idle, FunctionRecord.Desired.RUNNING));
    FakeContainerEngine.Fake b1 = h.engine.existing(labels(idle, "b1", B), true);

    h.start();  // nothing here: scaled to zero
    assertEquals(0, h.routes("idle").size());
    h.announce(B);
    h.core.onNodeJoined(B);
    h.clock.advance(100);

    assertTrue(h.engine.containers.containsKey(b1.id), h.engine.ops + " " + h.events);
    assertEquals(Set.of(B), routedNodes("idle"));
  }

  @Test
  void aControllerThatNoLongerLeadsLeavesAJoiningNodeAlone() throws Exception {
    FunctionSpec hello = spec("hello", 2, 1);
    h.store.saved = List.of(new FunctionRecord(hello, FunctionRecord.Desired.RUNNING));
    var orphan = h.engine.existing(labels(spec("gone", 1, 1), "o1", B), true);
    FakeContainerEngine.Fake b1 = h.engine.existing(labels(hello, "b1", B), true);

    h.start();
    h.core.stopScaling();  // it stepped down
    h.announce(B);
    h.core.onNodeJoined(B);
    h.clock.advance(100);

    assertTrue(h.engine.containers.containsKey(b1.id));
    assertTrue(h.engine.containers.containsKey(orphan.id));
    assertEquals(Set.of(Harness.NODE), routedNodes("hello"));
  }

  @Test
  void surplusInstancesGoFromTheNodeThatHasTheMost() {
    Instance a1 = instance("a1", "a", Instance.State.READY, false);
    Instance a2 = instance("a2", "a", Instance.State.READY, false);
    Instance a3 = instance("a3", "a", Instance.State.READY, false);
    Instance b1 = instance("b1", "b", Instance.State.STARTING, true);
    Instance c1 = instance("c1", "c", Instance.State.PAUSED, false);
    Instance c2 = instance("c2", "c", Instance.State.STARTING, false);

    assertEquals(Set.of(a1, b1, c1), Set.copyOf(Converger.keep(List.of(a1, a2, a3, b1, c1, c2), 3)));
    assertEquals(Set.of(a1, c1), Set.copyOf(Converger.keep(List.of(a1, a2, c1), 2)));
    assertEquals(List.of(a1, a2), Converger.keep(List.of(c2, a1, a2), 2), "starting ones go first");
  }

  private static Instance instance(String id, String node, Instance.State state, boolean adopted) {
    Instance i = new Instance(id, "f", 1, "x", node, "/s/" + id);
    i.state(state);
    i.adopted(adopted);
    return i;
  }
}
