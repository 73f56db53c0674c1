package dev.plat.controller.impl;

import dev.plat.controller.Scheduler;
import dev.plat.cluster.api.FunctionSpec;
import dev.plat.controller.ControllerOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * The controller's periodic scaling work on the {@link dev.plat.controller.Scheduler}: every
 * {@code scaleIntervalMs} an {@link Autoscaler} decision per running function (from the proxies'
 * {@link ProxyLoad}); every {@code idleCheckMs} the idleness rules: an instance idle for
 * {@code pauseAfterMs} is paused, a function idle for {@code idleTimeoutMs} loses its instances
 * down to {@code scaling.min} (zero included), and a function with requests in flight or queued
 * gets its paused instances back (capacity it already has). Idle: no in-flight or queued request reported, no
 * new request counted, no activation, start or deploy.
 */
final class ScalingLoop {
  private final Scheduler scheduler;
  private final ControllerOptions options;
  private final Functions functions;
  private final Converger converger;
  private final InstancePauser pauser;
  private final ProxyLoad load;
  private final Map<String, Autoscaler> autoscalers = new HashMap<>();
  private long scaleTimer = -1;
  private long idleTimer = -1;
  private boolean running;

  ScalingLoop(Scheduler scheduler, ControllerOptions options, Functions functions, Converger converger,
              InstancePauser pauser, ProxyLoad load) {
    this.scheduler = scheduler;
    this.options = options;
    this.functions = functions;
    this.converger = converger;
    this.pauser = pauser;
    this.load = load;
  }

  /** Starts the periodic decisions; starting twice is starting once. */
  public void start() {
    if (running) {
      return;
    }
    running = true;
    scheduleScale();
    scheduleIdle();
  }

  public void stop() {
    running = false;
    scheduler.cancel(scaleTimer);
    scheduler.cancel(idleTimer);
  }

  private void scheduleScale() {
    scaleTimer = scheduler.schedule(options.getScaleIntervalMs(), () -> {
      if (running) {
        autoscale();
        scheduleScale();
      }
    });
  }

  private void scheduleIdle() {
    idleTimer = scheduler.schedule(options.getIdleCheckMs(), () -> {
      if (running) {
        checkIdle();
        scheduleIdle();
      }
    });
  }

  /** The in-flight requests per instance the autoscaler aims at for {@code spec}. */
  public static double target(FunctionSpec spec, ControllerOptions options) {
    int concurrency = spec.limits().concurrency();
    return concurrency > 0 ? Math.max(0.1, concurrency * ControllerOptions.CONCURRENCY_UTILIZATION)
      : options.getAutoscaleTarget();
  }

  /** One autoscaling decision for every running function; a function at zero is left to activation. */
  public void autoscale() {
    long now = scheduler.now();
    autoscalers.keySet().removeIf(name -> {
      FunctionState fs = functions.find(name);
      if (fs == null) {
        load.forget(name);
      }
      return fs == null || !fs.wantsRunning();
    });
    for (FunctionState fs : functions.everything()) {
      if (!fs.wantsRunning()) {
        continue;
      }
      ControllerOptions o = options;
      Autoscaler autoscaler = autoscalers.computeIfAbsent(fs.name(),
        n -> new Autoscaler(o.getStableWindowMs(), o.getBurstWindowMs(), ControllerOptions.PANIC_THRESHOLD));
      autoscaler.observe(now, load.concurrency(fs.name(), now));
      int current = Converger.target(fs);
      if (current == 0) {
        continue;
      }
      FunctionSpec spec = fs.record().spec();
      Autoscaler.Decision d = autoscaler.decide(now, current, target(spec, o), spec.scaling().min(), spec.scaling().max());
      if (d.desired() != current) {
        fs.scale(d.desired());
        converger.converge(fs);
      }
    }
  }

  /** Under load every paused instance of the function serves again (the autoscaler trims the count). */
  private void resumePaused(FunctionState fs) {
    for (Instance i : new ArrayList<>(fs.instances())) {
      if (i.state() == Instance.State.PAUSED) {
        pauser.resume(fs, i);
      }
    }
  }

  /**
   * Pauses idle instances; resumes paused ones of a function under load; takes functions idle
   * for the idle timeout down to {@code scaling.min}.
   */
  public void checkIdle() {
    long now = scheduler.now();
    long pauseAfter = options.getPauseAfterMs();
    long idleTimeout = options.getIdleTimeoutMs();
    for (FunctionState fs : functions.everything()) {
      if (!fs.wantsRunning()) {
        continue;
      }
      if (fs.lastActive() == 0) {
        fs.touch(now);
      }
      fs.touch(load.lastActivity(fs.name()));
      if (load.concurrency(fs.name(), now) > 0) {
        fs.touch(now);
        resumePaused(fs);
      }
      int min = fs.record().spec().scaling().min();
      if (idleTimeout > 0 && now - fs.lastActive() >= idleTimeout && Converger.target(fs) > min) {
        fs.scale(min);
        converger.converge(fs);
      }
      if (pauseAfter > 0) {
        for (Instance i : new ArrayList<>(fs.instances())) {
          if (i.state() == Instance.State.READY && now - Math.max(fs.lastActive(), i.activeSince()) >= pauseAfter) {
            pauser.pause(fs, i);
          }
        }
      }
    }
  }
}
