package dev.plat.controller.impl;

import dev.plat.cluster.Names;
import dev.plat.controller.ContainerEngine.Container;
import dev.plat.cluster.api.TrafficSplit;
import dev.plat.controller.FunctionRecord;
import dev.plat.controller.FunctionVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What to do with each function container found at start (or at a leader's takeover): adopt it
 * when it runs the registered function's current settings; adopt one of another kept version that
 * serves as that version's unit ({@code NAME@vN}: a split gives it a share, or it is routed under
 * its key); keep one of older settings that still serves (running, routed) until the current ones
 * are ready; remove the others. A pure decision,
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
    /**
     * Another kept version of a running function that a traffic split serves, or that was routed
     * under its unit key {@code NAME@vN} (a request addressed it), with that version's settings:
     * adopt it into the version's unit.
     */
    UNIT,
    /** The function is stopped: remove it. */
    STOPPED,
    /** The container is not running (it died while the controller was away): remove it. */
    DEAD
  }

  /** The verdict for one container. */
  public record Decision(Container container, Verdict verdict) {
    /** Kept as an instance: {@link Verdict#ADOPT}, {@link Verdict#RETIRING} or {@link Verdict#UNIT}. */
    public boolean adopt() {
      return verdict == Verdict.ADOPT || verdict == Verdict.RETIRING || verdict == Verdict.UNIT;
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
    Map<String, String> keys = new java.util.HashMap<>();
    routed.forEach(id -> keys.put(id, ""));
    return decide(registry, containers, keys);
  }

  /**
   * @param registry  the registered functions by name
   * @param routedAs  the instances that have a route in the table now, each with the key it is routed under
   */
  public static List<Decision> decide(Map<String, FunctionRecord> registry, List<Container> containers,
                                      Map<String, String> routedAs) {
    List<Decision> plan = new ArrayList<>();
    for (Container c : containers) {
      String function = c.label(Names.Label.FUNCTION);
      FunctionRecord record = function == null ? null : registry.get(function);
      Verdict verdict = verdict(record, c);
      String key = routedAs.get(c.label(Names.Label.INSTANCE));
      if (verdict == Verdict.STALE && unitVersion(record, c, key)) {
        verdict = c.running() ? Verdict.UNIT : Verdict.DEAD;
      } else if (verdict == Verdict.STALE && c.running() && !c.paused() && key != null) {
        verdict = Verdict.RETIRING;
      }
      plan.add(new Decision(c, verdict));
    }
    return plan;
  }

  /**
   * Whether {@code c} runs another kept version of {@code record}'s function, with that version's
   * settings, that a split serves or that is routed under its unit key ({@code routedAs}).
   */
  static boolean unitVersion(FunctionRecord record, Container c, String routedAs) {
    long version;
    try {
      version = Long.parseLong(c.label(Names.Label.VERSION));
    } catch (NumberFormatException e) {
      return false;
    }
    FunctionVersion kept = record == null || version == record.spec().version() ? null : record.version(version);
    boolean serves = kept != null && kept.image() != null && (record.traffic().containsKey(version)
      || TrafficSplit.unitKey(record.name(), version).equals(routedAs));
    return serves && InstanceSpecs.fingerprint(kept.spec()).equals(c.label(Names.Label.CONFIG));
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
