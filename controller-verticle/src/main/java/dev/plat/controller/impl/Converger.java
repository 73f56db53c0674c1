package dev.plat.controller.impl;

import dev.plat.cluster.api.FunctionSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Brings a function's instances to what its record asks, level-triggered: called after every
 * change. Missing instances of the current settings are started (not before the crash back-off
 * ends); instances with older settings are stopped only once enough current ones are ready (a
 * rolling update); surplus instances are stopped; a stopped or deleted function loses them all.
 * Then the function's state is derived and published when it changed.
 */
public final class Converger {
  private final Collaborators c;
  private InstanceLauncher launcher;
  private InstanceTerminator terminator;
  private final Set<FunctionState> queue = new LinkedHashSet<>();
  private boolean running;

  public Converger(Collaborators c) {
    this.c = c;
  }

  /** Completes the wiring (the launcher and terminator call back into this converger). */
  public void wire(InstanceLauncher launcher, InstanceTerminator terminator) {
    this.launcher = launcher;
    this.terminator = terminator;
  }

  /** How many instances a running function keeps: {@code scaling.min}, at least one. */
  public static int target(FunctionSpec spec) {
    return Math.max(1, spec.scaling().min());
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
    int target = target(spec);
    List<Instance> current = new ArrayList<>(fs.instances().stream()
      .filter(i -> i.isLive() && i.fingerprint().equals(fingerprint)).toList());
    int missing = target - current.size();
    if (missing > 0) {
      long wait = fs.nextStartAt() - c.scheduler().now();
      if (wait > 0) {
        scheduleRestart(fs, wait);
      } else {
        for (int i = 0; i < missing; i++) {
          current.add(launcher.start(fs));
        }
      }
    } else if (missing < 0) {
      current.sort(Comparator.comparing(i -> i.state() == Instance.State.READY ? 0 : 1));
      current.subList(target, current.size()).forEach(i -> terminator.stop(fs, i));
    }
    if (readyCount(fs, fingerprint) >= target) {
      new ArrayList<>(fs.instances()).stream()
        .filter(i -> i.isLive() && !i.fingerprint().equals(fingerprint))
        .forEach(i -> terminator.stop(fs, i));
      if (fs.failing() && fs.crashes().count(c.scheduler().now()) < c.options().crashLoopCount()) {
        fs.failing(false);
      }
    }
    publishState(fs);
  }

  private static long readyCount(FunctionState fs, String fingerprint) {
    return fs.instances().stream()
      .filter(i -> i.state() == Instance.State.READY && i.fingerprint().equals(fingerprint)).count();
  }

  /** Derives the state; publishes it when it changed; settles waiters. */
  private void publishState(FunctionState fs) {
    if (!fs.deleted()) {
      String state = derive(fs);
      if (!state.equals(fs.state())) {
        fs.state(state);
        c.status().function(fs);
      }
    }
    fs.settle();
  }

  private static String derive(FunctionState fs) {
    if (!fs.wantsRunning()) {
      return FunctionState.STOPPED;
    }
    if (fs.failing()) {
      return FunctionState.FAILING;
    }
    FunctionSpec spec = fs.record().spec();
    return readyCount(fs, InstanceSpecs.fingerprint(spec)) >= target(spec) ? FunctionState.READY : FunctionState.STARTING;
  }

  private void scheduleRestart(FunctionState fs, long delayMs) {
    if (fs.restartTimer() < 0) {
      fs.restartTimer(c.scheduler().schedule(delayMs, () -> {
        fs.restartTimer(-1);
        converge(fs);
      }));
    }
  }

  private void cancelRestart(FunctionState fs) {
    if (fs.restartTimer() >= 0) {
      c.scheduler().cancel(fs.restartTimer());
      fs.restartTimer(-1);
    }
  }
}
