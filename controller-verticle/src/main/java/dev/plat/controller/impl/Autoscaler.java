package dev.plat.controller.impl;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The autoscaling decision of one function, after Knative's KPA: the observed concurrency
 * (in-flight plus queued requests) is averaged over a stable window and a short burst window;
 * desired instances = ceil(average / target per instance). When the burst average reaches the
 * panic threshold times the target per current instance the function panics: it scales on the
 * burst window and never down, until no burst was seen for a whole stable window. Outside panic it
 * scales down by at most one instance per decision. The result stays within
 * {@code [max(min, 1), max]}: only the idle timeout takes a function to zero. Pure: time comes in
 * as arguments, so tests drive it with a fake clock.
 */
final class Autoscaler {

  /**
   * One decision.
   *
   * @param desired instances wanted
   * @param panic   whether the function is in panic mode
   * @param stable  the stable-window average concurrency
   * @param burst   the burst-window average concurrency
   */
  public record Decision(int desired, boolean panic, double stable, double burst) {
  }

  private record Sample(long at, double concurrency) {
  }

  private final long stableWindowMs;
  private final long burstWindowMs;
  private final double panicThreshold;
  private final Deque<Sample> samples = new ArrayDeque<>();
  private boolean panic;
  private long lastBurst;

  public Autoscaler(long stableWindowMs, long burstWindowMs, double panicThreshold) {
    this.stableWindowMs = stableWindowMs;
    this.burstWindowMs = burstWindowMs;
    this.panicThreshold = panicThreshold;
  }

  /** Records the concurrency observed at {@code now} (epoch ms, not decreasing). */
  public void observe(long now, double concurrency) {
    samples.addLast(new Sample(now, Math.max(0, concurrency)));
  }

  /**
   * Decides how many instances the function needs at {@code now}.
   *
   * @param current instances it has (or is getting) now, at least 1
   * @param target  in-flight requests one instance should carry, > 0
   * @param min     {@code scaling.min}
   * @param max     {@code scaling.max}
   */
  public Decision decide(long now, int current, double target, int min, int max) {
    while (!samples.isEmpty() && samples.peekFirst().at() <= now - stableWindowMs) {
      samples.removeFirst();
    }
    double stable = average(now - stableWindowMs);
    double burst = average(now - burstWindowMs);
    int floor = Math.max(1, min);
    int ceiling = Math.max(floor, max);
    int base = Math.max(1, current);
    if (burst >= panicThreshold * target * base) {
      panic = true;
      lastBurst = now;
    } else if (panic && now - lastBurst >= stableWindowMs) {
      panic = false;
    }
    int desired;
    if (panic) {
      desired = Math.max(base, ceil(burst / target));
    } else {
      desired = ceil(stable / target);
      if (desired < base) {
        desired = base - 1;
      }
    }
    return new Decision(Math.max(floor, Math.min(ceiling, desired)), panic, stable, burst);
  }

  private double average(long after) {
    double sum = 0;
    int n = 0;
    for (Sample s : samples) {
      if (s.at() > after) {
        sum += s.concurrency();
        n++;
      }
    }
    return n == 0 ? 0 : sum / n;
  }

  private static int ceil(double value) {
    return (int) Math.min(Integer.MAX_VALUE, Math.ceil(value - 1e-9));
  }
}
