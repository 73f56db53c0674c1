package dev.plat.controller.impl;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Crashes of one function within a sliding window. The restart delay doubles with every crash in
 * the window ({@code initial, 2*initial, ...} up to {@code max}); {@code loopCount} crashes in
 * the window make a crash loop.
 */
final class CrashTracker {
  private final long initialMs;
  private final long maxMs;
  private final int loopCount;
  private final long windowMs;
  private final Deque<Long> crashes = new ArrayDeque<>();

  public CrashTracker(long initialMs, long maxMs, int loopCount, long windowMs) {
    this.initialMs = initialMs;
    this.maxMs = maxMs;
    this.loopCount = loopCount;
    this.windowMs = windowMs;
  }

  /** What to do after a crash. */
  public record Verdict(long restartDelayMs, int crashesInWindow, boolean looping) {
  }

  /** Records a crash at {@code now} (epoch ms). */
  public Verdict record(long now) {
    crashes.addLast(now);
    expire(now);
    int n = crashes.size();
    long delay = initialMs;
    for (int i = 1; i < n && delay < maxMs; i++) {
      delay *= 2;
    }
    return new Verdict(Math.min(delay, maxMs), n, n >= loopCount);
  }

  /** Crashes within the window ending at {@code now}. */
  public int count(long now) {
    expire(now);
    return crashes.size();
  }

  /** Forgets every crash (a new version or an explicit start). */
  public void reset() {
    crashes.clear();
  }

  private void expire(long now) {
    while (!crashes.isEmpty() && crashes.peekFirst() <= now - windowMs) {
      crashes.removeFirst();
    }
  }
}
