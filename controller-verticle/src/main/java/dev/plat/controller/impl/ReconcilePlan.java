package dev.plat.controller.impl;

import dev.plat.cluster.Names;
import dev.plat.controller.ContainerEngine.Container;
import dev.plat.controller.FunctionRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What to do with each function container found at start (or at a leader's takeover): adopt it
 * when it runs the registered function's current settings; keep one of older settings that still
 * serves (running, routed) until the current ones are ready; remove the others. A pure decision,
 * no IO.
 */
final class ReconcilePlan {

  /** Why a container is kept or removed. */
  public enum Verdict {
    /** Runs the current version and settings of a running function: keep it, re-check health, route it. */
    ADOPT,
    /** No registered function (or no instance label): remove it. */
    ORPHAN,
    /** An older version or older settings of the function that serves no request: remove it. */
    STALE,
    /**
     * An older version or older settings that still serves (it runs and its route is in the
     * table, e.g. a leader died half-way through a rolling update): keep it routed; the rolling
     * update stops it, route first, once the current settings' instances are ready. Removing it
     * at once would leave the function with no instance until those start.
     */
    RETIRING,
    /** The function is stopped: remove it. */
    STOPPED,
    /** The container is not running (it died while the controller was away): remove it. */
    DEAD
  }

  /** The verdict for one container. */
  public record Decision(Container container, Verdict verdict) {
    /** Kept as an instance: {@link Verdict#ADOPT} or {@link Verdict#RETIRING}. */
    public boolean adopt() {
      return verdict == Verdict.ADOPT || verdict == Verdict.RETIRING;
    }
  }

  private ReconcilePlan() {
  }

  /**
   * @param registry the registered functions by name
   * @param routed   the instances that have a route in the table now
   */
  public static List<Decision> decide(Map<String, FunctionRecord> registry, List<Container> containers,
                                      Set<String> routed) {
    List<Decision> plan = new ArrayList<>();
    for (Container c : containers) {
      String function = c.label(Names.Label.FUNCTION);
      Verdict verdict = verdict(function == null ? null : registry.get(function), c);
      if (verdict == Verdict.STALE && c.running() && !c.paused() && routed.contains(c.label(Names.Label.INSTANCE))) {
        verdict = Verdict.RETIRING;
      }
      plan.add(new Decision(c, verdict));
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
