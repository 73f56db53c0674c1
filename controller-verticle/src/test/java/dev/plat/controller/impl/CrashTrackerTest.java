package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrashTrackerTest {

  @Test
  void theRestartDelayDoublesFromOneSecondUpToThirtySeconds() {
    CrashTracker tracker = new CrashTracker(1_000, 30_000, 100, 600_000);
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      delays.add(tracker.record(i * 1000L).restartDelayMs());
    }
    assertEquals(List.of(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 30_000L, 30_000L), delays);
  }

  @Test
  void fiveCrashesWithinTwoMinutesAreACrashLoop() {
    CrashTracker tracker = new CrashTracker(1_000, 30_000, 5, 120_000);
    for (int i = 0; i < 4; i++) {
      assertFalse(tracker.record(i * 10_000L).looping());
    }
    assertTrue(tracker.record(50_000).looping());
  }

  @Test
  void crashesOlderThanTheWindowAreForgotten() {
    CrashTracker tracker = new CrashTracker(1_000, 30_000, 5, 120_000);
    for (int i = 0; i < 4; i++) {
      tracker.record(i * 1000L);
    }
    CrashTracker.Verdict later = tracker.record(200_000);
    assertFalse(later.looping());
    assertEquals(1, later.crashesInWindow());
    assertEquals(1_000, later.restartDelayMs());
  }

  @Test
  void resetForgetsEverything() {
    CrashTracker tracker = new CrashTracker(1_000, 30_000, 5, 120_000);
    tracker.record(0);
    tracker.record(1);
    tracker.reset();
    assertEquals(0, tracker.count(2));
  }
}
