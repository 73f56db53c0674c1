package dev.plat.proxy.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.LatencyHistogram;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The last-minute window on a fake clock: what it counts as time moves on in steps of the publisher. */
class LatencyWindowTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  @Test
  void countsEveryInvocationOfTheLastMinuteAndForgetsThemAfter() {
    LatencyWindow w = new LatencyWindow(4, 0);
    for (int i = 0; i < 7; i++) {
      w.record(3 * MS);
    }
    assertEquals(7, w.snapshot(0).total());
    // the publisher reads every second: the invocations stay for 60 s, and at most one slot more
    for (long t = 1_000; t <= 60_000; t += 1_000) {
      assertEquals(7, w.snapshot(t).total(), "at " + t + " ms");
    }
    long gone = -1;
    for (long t = 61_000; t <= 70_000 && gone < 0; t += 1_000) {
      if (w.snapshot(t).total() == 0) {
        gone = t;
      }
    }
    assertTrue(gone > 60_000 && gone <= 66_000, "gone at " + gone);
    assertSame(LatencyHistogram.EMPTY, w.snapshot(gone + 1_000));
  }

  @Test
  void slidesSlotBySlot() {
    LatencyWindow w = new LatencyWindow(2, 0);
    // one invocation per second for two minutes, the publisher reading each second
    List<Long> totals = new ArrayList<>();
    for (long t = 0; t < 120_000; t += 1_000) {
      w.record(10 * MS);
      totals.add(w.snapshot(t).total());
    }
    for (int s = 0; s < totals.size(); s++) {
      long total = totals.get(s);
      long exact = Math.min(s + 1, 60);
      assertTrue(total >= exact && total <= exact + 6, s + " s: " + total + " (the last 60 s hold " + exact + ")");
    }
    assertTrue(totals.subList(70, 120).stream().allMatch(t -> t >= 60 && t <= 66), totals.toString());
  }

  @Test
  void aLatePublisherLosesNothingRecent() {
    LatencyWindow w = new LatencyWindow(1, 0);
    w.snapshot(0);
    w.record(MS);
    // nobody read for 3 minutes: the slot current all along holds invocations of just now
    w.record(MS);
    assertEquals(2, w.snapshot(180_000).total());
    assertEquals(2, w.snapshot(200_000).total(), "closed 20 s ago: still in the window");
    assertEquals(0, w.snapshot(241_000).total());
  }

  @Test
  void latenciesLandInTheirBucketsAndGiveTheP95() {
    LatencyWindow w = new LatencyWindow(8, 0);
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] = new Thread(() -> {
        for (int i = 1; i <= 1000; i++) {
          w.record(i * MS / 10); // 0.1 ms to 100 ms
        }
      });
      threads[t].start();
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    LatencyHistogram h = w.snapshot(1_000);
    assertEquals(4000, h.total());
    double p95 = h.quantileMicros(0.95) / 1000;
    assertTrue(Math.abs(p95 - 95) <= 95 * 0.125, "p95 " + p95 + " ms");
  }

  @Test
  void stripesArePowersOfTwo() {
    assertThrows(IllegalArgumentException.class, () -> new LatencyWindow(3, 0));
    int d = LatencyWindow.defaultStripes();
    assertTrue(d >= 2 && d <= 8 && Integer.bitCount(d) == 1, Integer.toString(d));
  }
}
