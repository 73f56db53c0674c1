package dev.plat.controller.impl;

import static dev.plat.controller.impl.ExistingInstances.labels;
import static dev.plat.controller.impl.ExistingInstances.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.Names;
import dev.plat.cluster.Route;
import dev.plat.cluster.api.FunctionSpec;
import dev.plat.controller.FunctionRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A controller starting on a node where containers already run. */
class ReconcileTest {
  private final Harness h = new Harness();

  @Test
  void socketFoldersOfInstancesWithoutAContainerAreSweptAndLiveOnesKept() {
    FunctionSpec hello = spec("hello", 2);
    h.store.saved = List.of(new FunctionRecord(hello, FunctionRecord.Desired.RUNNING));
    h.engine.existing(labels(hello, "inst1", Harness.NODE), true);
    h.dirs.existing.addAll(List.of("inst1", "deadspec01", "deadinst02"));

    h.start();

    assertEquals(java.util.Set.of("inst1"), h.dirs.existing, "only the live instance's folder is left");
  }

  @Test
  void adoptsARunningCurrentInstanceInsteadOfStartingANewOne() {
    FunctionSpec hello = spec("hello", 2);
    h.store.saved = List.of(new FunctionRecord(hello, FunctionRecord.Desired.RUNNING));
    FakeContainerEngine.Fake existing = h.engine.existing(labels(hello, "inst1", Harness.NODE), true);

    h.start();

    assertEquals(1, h.engine.containers.size(), h.engine.ops.toString());
    assertTrue(h.engine.containers.containsKey(existing.id));
    assertEquals(List.of(new Route("hello", "inst1", 2, Harness.NODE, "/data/sockets/inst1/fn.sock", "127.0.0.1:8081", 0, 60,
      existing.id)),
      h.routes("hello"));
    assertEquals("ready", h.get("hello").getString("state"));
    assertEquals(existing.id, h.get("hello").getJsonArray("instances").getJsonObject(0).getString("container"));
  }

  @Test
  void removesOrphansStaleVersionsDeadContainersAndThoseOfStoppedFunctions() {
    FunctionSpec hello = spec("hello", 2);
    FunctionSpec idle = spec("idle", 1);
    h.store.saved = List.of(new FunctionRecord(hello, FunctionRecord.Desired.RUNNING),
      new FunctionRecord(idle, FunctionRecord.Desired.STOPPED));
    var orphan = h.engine.existing(labels(spec("gone", 1), "o1", Harness.NODE), true);
    var stale = h.engine.existing(labels(spec("hello", 1), "s1", Harness.NODE), true);
    var dead = h.engine.existing(labels(hello, "d1", Harness.NODE), false);
    var stopped = h.engine.existing(labels(idle, "i1", Harness.NODE), true);
    var otherNode = h.engine.existing(labels(spec("gone", 1), "n1", "node-b"), true);

    h.start();

    for (var removed : List.of(orphan, stale, dead, stopped)) {
      assertFalse(h.engine.containers.containsKey(removed.id), removed.labels.toString());
    }
    assertTrue(h.engine.containers.containsKey(otherNode.id), "containers of other nodes are not touched");
    assertEquals(1, h.routes("hello").size(), "a fresh instance replaces the stale and dead ones");
    assertEquals(2, h.routes("hello").get(0).version());
    assertEquals("stopped", h.get("idle").getString("state"));
  }

  @Test
  void anOlderVersionThatStillServesKeepsServingUntilTheCurrentOneIsReady() {
    // a leader registered v2 and died before its rolling update replaced v1, which still serves
    FunctionSpec hello = spec("hello", 2);
    h.store.saved = List.of(new FunctionRecord(hello, FunctionRecord.Desired.RUNNING));
    var old = h.engine.existing(labels(spec("hello", 1), "s1", Harness.NODE), true);
    h.routes.put(new Route("hello", "s1", 1, Harness.NODE, "/data/sockets/s1/fn.sock", "127.0.0.1:8081"));
    h.probe.hold = true;

    h.start();

    assertTrue(h.engine.containers.containsKey(old.id), "v1 kept while v2 starts");
    assertEquals(List.of("s1"), h.routes("hello").stream().map(Route::instance).toList(), "v1 still routed");
    assertEquals(2, h.engine.running().size(), "v2 started beside it");
    String v2 = h.engine.running().stream().filter(c -> !c.id.equals(old.id)).findFirst().orElseThrow().labels
      .get(Names.Label.INSTANCE);

    h.probe.ready("/data/sockets/" + v2 + "/fn.sock");

    assertFalse(h.engine.containers.containsKey(old.id), "v1 stopped once v2 is ready");
    assertEquals(List.of(2L), h.routes("hello").stream().map(Route::version).toList());
  }

  @Test
  void aContainerWithOtherSettingsThanTheRegistryIsStale() {
    FunctionSpec hello = spec("hello", 2);
    h.store.saved = List.of(new FunctionRecord(hello, FunctionRecord.Desired.RUNNING));
    Map<String, String> labels = new java.util.HashMap<>(labels(hello, "x1", Harness.NODE));
    labels.put(Names.Label.CONFIG, "000000000000");
    var old = h.engine.existing(labels, true);

    h.start();

    assertFalse(h.engine.containers.containsKey(old.id));
    assertEquals(1, h.engine.running().size());
  }

  @Test
  void routesOfThisNodeToInstancesThatAreGoneAreRemoved() {
    h.routes.put(new Route("hello", "ghost", 1, Harness.NODE, "/s", "p"));
    h.routes.put(new Route("hello", "remote", 1, "node-b", "/s", "p"));

    h.start();

    assertEquals(List.of("remote"), h.routes("hello").stream().map(Route::instance).toList());
  }

  @Test
  void anAdoptedInstanceThatIsNoLongerHealthyIsReplaced() {
    FunctionSpec hello = spec("hello", 2);
    h.store.saved = List.of(new FunctionRecord(hello, FunctionRecord.Desired.RUNNING));
    var existing = h.engine.existing(labels(hello, "sick", Harness.NODE), true);
    h.probe.hold = true;
    h.start();

    h.probe.fail("/data/sockets/sick/fn.sock");

    assertFalse(h.engine.containers.containsKey(existing.id));
    h.clock.advance(1000);
    assertEquals(1, h.engine.running().size());
  }
}
