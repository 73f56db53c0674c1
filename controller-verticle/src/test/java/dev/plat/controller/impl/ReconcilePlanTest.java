package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.Names;
import dev.plat.cluster.api.FunctionSpec;
import dev.plat.controller.ContainerEngine.Container;
import dev.plat.controller.FunctionRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReconcilePlanTest {
  private static final FunctionSpec HELLO = new FunctionSpec("hello", "python-flask", 3, "img:3", "sha256:3",
    Map.of("A", "1"), null, null, null, null, false, null, List.of(), 1, 1);
  private static final FunctionRecord RUNNING = new FunctionRecord(HELLO, FunctionRecord.Desired.RUNNING);

  private static Container container(String version, String config, boolean running) {
    Map<String, String> labels = new HashMap<>(Map.of(Names.Label.FUNCTION, "hello", Names.Label.INSTANCE, "i1",
      Names.Label.NODE, "n"));
    labels.put(Names.Label.VERSION, version);
    if (config != null) {
      labels.put(Names.Label.CONFIG, config);
    }
    return new Container("id", "plat-hello-i1", labels, running);
  }

  private static ReconcilePlan.Verdict verdict(FunctionRecord record, Container c) {
    Map<String, FunctionRecord> registry = record == null ? Map.of() : Map.of("hello", record);
    return ReconcilePlan.decide(registry, List.of(c), Set.of()).get(0).verdict();
  }

  @Test
  void adoptsARunningContainerOfTheCurrentVersionAndSettings() {
    assertEquals(ReconcilePlan.Verdict.ADOPT, verdict(RUNNING, container("3", InstanceSpecs.fingerprint(HELLO), true)));
  }

  @Test
  void removesAContainerOfAnUnknownFunction() {
    assertEquals(ReconcilePlan.Verdict.ORPHAN, verdict(null, container("3", InstanceSpecs.fingerprint(HELLO), true)));
  }

  @Test
  void removesAnOlderVersionOrOtherSettings() {
    assertEquals(ReconcilePlan.Verdict.STALE, verdict(RUNNING, container("2", InstanceSpecs.fingerprint(HELLO), true)));
    assertEquals(ReconcilePlan.Verdict.STALE, verdict(RUNNING, container("3", "other", true)));
    assertEquals(ReconcilePlan.Verdict.STALE, verdict(RUNNING, container("3", null, true)));
  }

  @Test
  void keepsAnOlderVersionThatStillServesUntilTheCurrentOneIsReady() {
    Container old = container("2", InstanceSpecs.fingerprint(HELLO), true);
    Map<String, FunctionRecord> registry = Map.of("hello", RUNNING);
    String instance = old.label(Names.Label.INSTANCE);
    ReconcilePlan.Decision routed = ReconcilePlan.decide(registry, List.of(old), Set.of(instance)).get(0);
    assertEquals(ReconcilePlan.Verdict.RETIRING, routed.verdict());
    assertTrue(routed.adopt());
    assertEquals(ReconcilePlan.Verdict.STALE,
      ReconcilePlan.decide(registry, List.of(old), Set.of("another")).get(0).verdict(), "no route: removed");
  }

  @Test
  void removesTheContainersOfAStoppedFunction() {
    assertEquals(ReconcilePlan.Verdict.STOPPED, verdict(RUNNING.withDesired(FunctionRecord.Desired.STOPPED),
      container("3", InstanceSpecs.fingerprint(HELLO), true)));
  }

  @Test
  void removesADeadContainer() {
    assertEquals(ReconcilePlan.Verdict.DEAD, verdict(RUNNING, container("3", InstanceSpecs.fingerprint(HELLO), false)));
  }
}
