package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AutoscalerTest {
  private static final long STEP = 2_000;
  private final Autoscaler autoscaler = new Autoscaler(60_000, 6_000, 2.0);
  private long now = 1_000_000;
  private int current = 1;

  /** Observes {@code concurrency} for {@code steps} decisions, applying each; @return the last decision. */
  private Autoscaler.Decision run(double concurrency, int steps, int min, int max) {
    Autoscaler.Decision d = null;
    for (int i = 0; i < steps; i++) {
      now += STEP;
      autoscaler.observe(now, concurrency);
      d = autoscaler.decide(now, current, 10, min, max);
      current = d.desired();
    }
    return d;
  }

  @Test
  void aSteadyLoadGetsCeilOfConcurrencyOverTarget() {
    current = 3;
    Autoscaler.Decision d = run(25, 40, 1, 10);
    assertEquals(3, d.desired());
    assertFalse(d.panic());
    assertEquals(25.0, d.stable(), 1e-9);
  }

  @Test
  void aSteadyLoadAboveTheCurrentCountScalesUpOnTheStableWindowWithoutPanic() {
    current = 2;
    Autoscaler.Decision d = run(30, 1, 1, 10);
    assertFalse(d.panic(), "30 over 2 instances is 1.5x the target: no panic");
    assertEquals(3, d.desired());
  }

  @Test
  void aBurstPanicsAndScalesUpOnTheBurstWindowAtOnce() {
    run(0, 30, 1, 10);
    assertEquals(1, current);

    Autoscaler.Decision d = run(90, 1, 1, 10);

    assertTrue(d.panic(), "a burst average of 30 on one instance is 3x the target");
    assertEquals(3, d.desired(), "burst average 30 / target 10");
    assertTrue(d.stable() < 10, "the stable window alone would not have scaled up: " + d.stable());
    d = run(90, 2, 1, 10);
    assertEquals(9, d.desired());
  }

  @Test
  void panicNeverScalesDownAndEndsAfterAStableWindowWithoutBurst() {
    run(0, 30, 1, 10);
    run(60, 3, 1, 10);
    assertEquals(6, current);

    Autoscaler.Decision d = run(0, 5, 1, 10);
    assertTrue(d.panic());
    assertEquals(6, d.desired(), "no scale-down while in panic");

    d = run(0, 30, 1, 10);
    assertFalse(d.panic());
    assertTrue(d.desired() < 6, "scales down once the panic is over");
  }

  @Test
  void idleScalesDownOneInstancePerDecisionToMin() {
    current = 5;
    int previous = current;
    for (int i = 0; i < 60; i++) {
      Autoscaler.Decision d = run(0, 1, 2, 10);
      assertTrue(previous - d.desired() <= 1, "at most one fewer per decision");
      previous = d.desired();
    }
    assertEquals(2, current);
  }

  @Test
  void minZeroNeverGoesToZeroThroughTheAutoscaler() {
    current = 3;
    Autoscaler.Decision d = run(0, 100, 0, 10);
    assertEquals(1, d.desired(), "zero only through the idle timeout");
  }

  @Test
  void theDecisionStaysWithinMax() {
    Autoscaler.Decision d = run(1_000, 3, 1, 3);
    assertEquals(3, d.desired());
  }

  @Test
  void samplesOlderThanTheStableWindowAreForgotten() {
    current = 4;
    run(40, 30, 1, 10);
    Autoscaler.Decision d = run(10, 31, 1, 10);
    assertEquals(10.0, d.stable(), 1e-9, "only the last minute counts");
    assertEquals(1, d.desired());
  }
}
