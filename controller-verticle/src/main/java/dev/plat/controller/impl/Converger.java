package dev.plat.controller.impl;

import dev.plat.cluster.api.FunctionSpec;
import dev.plat.controller.Scheduler;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Brings a function's instances to what its record and scale ask, level-triggered: called after
 * every change. Missing instances of the current settings are started (not before the crash back-off
 * ends); instances with older settings are stopped only once enough current ones are ready (a
 * rolling update); surplus instances are stopped; a stopped or deleted function loses them all.
 * Then the function's state is derived (starting, ready, paused, scaled-to-zero, failing,
 * stopped) and published when it changed.
 */
final class Converger {
  private final Scheduler scheduler;
  private final StatusPublisher status;
  private final int crashLoopCount;
  private final InstanceLauncher launcher;
  private final InstanceTerminator terminator;
  private final Set<FunctionState> queue = new LinkedHashSet<>();
  private boolean running;

  /**
   * The launcher and the terminator do not know this converger: they report a changed function
   * through the {@code Consumer<FunctionState>} they were built with, which the composition root
   * ({@link ControllerCore}) points at {@link #converge}.
   *
   * @param crashLoopCount crashes within the crash window that make a function failing
   */
  Converger(Scheduler scheduler, StatusPublisher status, int crashLoopCount, InstanceLauncher launcher,
            InstanceTerminator terminator) {
    this.scheduler = scheduler;
    this.status = status;
    this.crashLoopCount = crashLoopCount;
    this.launcher = launcher;
    this.terminator = terminator;
  }

  /** How many instances a function starts with (deploy, start): {@code scaling.min}, at least one. */
  public static int target(FunctionSpec spec) {
    return Math.max(1, spec.scaling().min());
  }

  /**
   * How many instances the function keeps now: its {@link FunctionState#scale()} (first set to
   * {@link #target(FunctionSpec)}), kept within {@code [scaling.min, scaling.max]}.
   */
  public static int target(FunctionState fs) {
    FunctionSpec.Scaling scaling = fs.record().spec().scaling();
    if (fs.scale() < 0) {
      fs.scale(target(fs.record().spec()));
    }
    fs.scale(Math.max(scaling.min(), Math.min(Math.max(1, scaling.max()), fs.scale())));
    return fs.scale();
  }

  /** Converges {@code fs}; a call made while converging (a synchronous callback) is queued, not nested. */
  public void converge(FunctionState fs) {
    queue.add(fs);
    if (running) {
      return;
    }
    running = true;
    try {
      while (!queue.isEmpty()) {
        FunctionState next = queue.iterator().next();
        queue.remove(next);
        convergeOnce(next);
      }
    } finally {
      running = false;
    }
  }

  private void convergeOnce(FunctionState fs) {
    if (!fs.wantsRunning()) {
      cancelRestart(fs);
      new ArrayList<>(fs.instances()).forEach(i -> terminator.stop(fs, i));
      publishState(fs);
      return;
    }
    FunctionSpec spec = fs.record().spec();
    String fingerprint = InstanceSpecs.fingerprint(spec);
    int target = target(fs);
    List<Instance> current = new ArrayList<>(fs.instances().stream()
      .filter(i -> i.isLive() && i.fingerprint().equals(fingerprint)).toList());
    int missing = target - current.size();
    if (missing > 0) {
      long wait = fs.nextStartAt() - scheduler.now();
      if (wait > 0) {
        scheduleRestart(fs, wait);
      } else {
        for (int i = 0; i < missing; i++) {
          current.add(launcher.start(fs));
        }
      }
    } else if (missing < 0) {
      List<Instance> kept = keep(current, target);
      current.stream().filter(i -> !kept.contains(i)).forEach(i -> terminator.stop(fs, i));
    }
    if (count(fs, fingerprint, Instance.State.READY) + count(fs, fingerprint, Instance.State.PAUSED) >= target) {
      new ArrayList<>(fs.instances()).stream()
        .filter(i -> i.isLive() && !i.fingerprint().equals(fingerprint))
        .forEach(i -> terminator.stop(fs, i));
      if (fs.failing() && fs.crashes().count(scheduler.now()) < crashLoopCount) {
        fs.failing(false);
      }
    }
    publishState(fs);
  }

  /**
   * The {@code target} instances of {@code current} to keep when it has more: those that serve (ready,
   * paused, or adopted and being re-checked) before those being started; among those, one on the node
   * that has the fewest kept so far first (instances stay spread over the nodes, e.g. when a node
   * comes back with its instances after replacements started elsewhere), then ready before paused
   * before adopted, then in their order.
   */
  static List<Instance> keep(List<Instance> current, int target) {
    List<Instance> left = new ArrayList<>(current);
    List<Instance> kept = new ArrayList<>();
    Map<String, Integer> perNode = new HashMap<>();
    while (kept.size() < target && !left.isEmpty()) {
      Instance next = left.stream().min(Comparator.<Instance>comparingInt(i -> keepOrder(i) < 3 ? 0 : 1)
        .thenComparingInt(i -> perNode.getOrDefault(i.node(), 0))
        .thenComparingInt(Converger::keepOrder)).orElseThrow();
      left.remove(next);
      kept.add(next);
      perNode.merge(next.node(), 1, Integer::sum);
    }
    return kept;
  }

  /** Ready instances first, then paused ones, then adopted ones whose health is re-checked, then starting ones. */
  private static int keepOrder(Instance i) {
    return switch (i.state()) {
      case READY -> 0;
      case PAUSED -> 1;
      default -> i.adopted() ? 2 : 3;
    };
  }

  private static long count(FunctionState fs, String fingerprint, Instance.State state) {
    return fs.instances().stream().filter(i -> i.state() == state && i.fingerprint().equals(fingerprint)).count();
  }

  /** Derives the state; publishes it when it changed; settles waiters. */
  private void publishState(FunctionState fs) {
    if (!fs.deleted()) {
      FunctionState.State state = derive(fs);
      if (state != fs.state()) {
        fs.state(state);
        status.function(fs);
      }
    }
    fs.settle();
  }

  private static FunctionState.State derive(FunctionState fs) {
    if (!fs.wantsRunning()) {
      return FunctionState.State.STOPPED;
    }
    if (fs.failing()) {
      return FunctionState.State.FAILING;
    }
    FunctionSpec spec = fs.record().spec();
    String fingerprint = InstanceSpecs.fingerprint(spec);
    long ready = count(fs, fingerprint, Instance.State.READY);
    long paused = count(fs, fingerprint, Instance.State.PAUSED);
    int target = Math.max(0, fs.scale());
    if (target == 0 && ready + paused == 0) {
      return FunctionState.State.SCALED_TO_ZERO;
    }
    if (ready + paused >= Math.min(target, target(spec))) {
      return ready > 0 ? FunctionState.State.READY : FunctionState.State.PAUSED;
    }
    return FunctionState.State.STARTING;
  }

  /** Stops every instance of {@code fs} (already marked stopped or deleted); completes when all are gone. */
  Future<Void> drain(FunctionState fs) {
    converge(fs);
    return Future.join(fs.instances().stream().map(i -> terminator.stop(fs, i)).toList()).mapEmpty();
  }

  private void scheduleRestart(FunctionState fs, long delayMs) {
    if (fs.restartTimer() < 0) {
      fs.restartTimer(scheduler.schedule(delayMs, () -> {
        fs.restartTimer(-1);
        converge(fs);
      }));
    }
  }

  private void cancelRestart(FunctionState fs) {
    if (fs.restartTimer() >= 0) {
      scheduler.cancel(fs.restartTimer());
      fs.restartTimer(-1);
    }
  }
}
