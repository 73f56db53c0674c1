package dev.plat.controller.impl;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code plat_instances{function,state}}: this controller's instances of each registered function
 * per {@link Instance.State} (every state of every function, zeros included). {@link #refresh}
 * takes a snapshot on the controller's context; scrapes read the snapshot from any thread. A
 * function no longer registered loses its series at the next refresh. Without a registry every call
 * is a no-op.
 */
final class InstanceMetrics {
  static final String NAME = "plat.instances";
  private static final Instance.State[] STATES = Instance.State.values();

  private final MultiGauge gauge;
  private volatile Map<String, int[]> counts = Map.of();

  /** @param registry where the gauges go; {@code null}: none */
  public InstanceMetrics(MeterRegistry registry) {
    this.gauge = registry == null ? null : MultiGauge.builder(NAME)
      .description("Instances of a function on this node's controller, by state").register(registry);
  }

  /** Counts the instances of {@code functions} (deleted ones skipped) and updates the series. */
  public void refresh(Collection<FunctionState> functions) {
    if (gauge == null) {
      return;
    }
    Map<String, int[]> next = new TreeMap<>();
    for (FunctionState fs : functions) {
      if (fs.deleted()) {
        continue;
      }
      int[] byState = new int[STATES.length];
      fs.instances().forEach(i -> byState[i.state().ordinal()]++);
      next.put(fs.name(), byState);
    }
    counts = next;
    List<MultiGauge.Row<?>> rows = new ArrayList<>(next.size() * STATES.length);
    for (String function : next.keySet()) {
      for (Instance.State state : STATES) {
        rows.add(MultiGauge.Row.of(Tags.of("function", function, "state", state.id()), this,
          self -> self.count(function, state)));
      }
    }
    // rows already registered keep their gauge (it reads the snapshot); absent ones are removed
    gauge.register(rows, false);
  }

  /** Removes every series, e.g. when the controller stops. */
  public void clear() {
    counts = Map.of();
    if (gauge != null) {
      gauge.register(List.of(), false);
    }
  }

  private double count(String function, Instance.State state) {
    int[] byState = counts.get(function);
    return byState == null ? 0 : byState[state.ordinal()];
  }
}
