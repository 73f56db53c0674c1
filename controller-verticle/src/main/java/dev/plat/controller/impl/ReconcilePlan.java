package dev.plat.controller.impl;

import dev.plat.cluster.Names;
import dev.plat.controller.ContainerEngine.Container;
import dev.plat.controller.FunctionRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What to do with each function container found on this node at start: adopt it when it runs
 * the registered function's current settings, remove it otherwise. A pure decision, no IO.
 */
final class ReconcilePlan {

  /** Why a container is kept or removed. */
  public enum Verdict {
    /** Runs the current version and settings of a running function: keep it, re-check health, route it. */
    ADOPT,
    /** No registered function (or no instance label): remove it. */
    ORPHAN,
    /** An older version or older settings of the function: remove it. */
    STALE,
    /** The function is stopped: remove it. */
    STOPPED,
    /** The container is not running (it died while the controller was away): remove it. */
    DEAD
  }

  /** The verdict for one container. */
  public record Decision(Container container, Verdict verdict) {
    public boolean adopt() {
      return verdict == Verdict.ADOPT;
    }
  }

  private ReconcilePlan() {
  }

  public static List<Decision> decide(Map<String, FunctionRecord> registry, List<Container> containers) {
    List<Decision> plan = new ArrayList<>();
    for (Container c : containers) {
      String function = c.label(Names.Label.FUNCTION);
      plan.add(new Decision(c, verdict(function == null ? null : registry.get(function), c)));
    }
    return plan;
  }

  static Verdict verdict(FunctionRecord record, Container c) {
    String instance = c.label(Names.Label.INSTANCE);
    if (record == null || instance == null || instance.isBlank()) {
      return Verdict.ORPHAN;
    }
    if (record.desired() != FunctionRecord.Desired.RUNNING) {
      return Verdict.STOPPED;
    }
    if (!Long.toString(record.spec().version()).equals(c.label(Names.Label.VERSION))
        || !InstanceSpecs.fingerprint(record.spec()).equals(c.label(Names.Label.CONFIG))) {
      return Verdict.STALE;
    }
    return c.running() ? Verdict.ADOPT : Verdict.DEAD;
  }
}
