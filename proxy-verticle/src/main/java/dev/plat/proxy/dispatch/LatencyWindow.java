package dev.plat.proxy.dispatch;

import dev.plat.cluster.LatencyHistogram;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * One function's invocations of the last minute on this proxy, with their latencies: a ring of
 * {@link #SLOTS} slots of at least {@link #SLOT_MS} each, every slot a {@link LatencyHistogram}'s
 * bucket counts.
 *
 * <p>{@link #record} is the hot path: one volatile read (the current slot), the bucket (a few
 * shifts) and one atomic increment in a stripe of the slot picked by the calling thread, so that
 * event loops do not fight over one cache line. No lock, no allocation, no clock read.
 *
 * <p>Time moves on only in {@link #snapshot} (the proxy's statistics publisher calls it every
 * {@code statsIntervalMs}): a slot that has been current for {@link #SLOT_MS} or more is closed
 * (its end time noted) and the oldest slot, cleared, becomes current. A snapshot sums the current
 * slot and the slots that closed less than {@link #WINDOW_MS} ago: every invocation that ended in
 * the last 60 s is in it, and so may be some of the slot before (up to one slot's life, 5 s plus the
 * publisher's interval, older). The ring is big enough for that: each slot lives at least 5 s, so
 * the slot cleared is always one that closed 60 s ago or more. A late recording into a slot just
 * closed still counts, in that slot.
 */
final class LatencyWindow {
  static final long WINDOW_MS = 60_000;
  static final long SLOT_MS = 5_000;
  /** Twelve closed slots can each have closed within the window, plus the current one. */
  static final int SLOTS = (int) (WINDOW_MS / SLOT_MS) + 1;
  private static final int B = LatencyHistogram.BUCKETS;

  private final int stripeMask;
  private final AtomicIntegerArray[] slots = new AtomicIntegerArray[SLOTS];
  /** When each slot closed (ms); the current one's is {@link Long#MAX_VALUE}. Guarded by this. */
  private final long[] closedAt = new long[SLOTS];
  private volatile AtomicIntegerArray current;
  /** Guarded by this. */
  private int currentIndex;
  private long currentSince;

  /**
   * @param stripes stripes per slot, a power of two (threads pick theirs by their id)
   * @param nowMs   the clock (any origin, {@link #snapshot}'s one) now
   */
  LatencyWindow(int stripes, long nowMs) {
    if (stripes <= 0 || Integer.bitCount(stripes) != 1) {
      throw new IllegalArgumentException("stripes must be a power of two: " + stripes);
    }
    this.stripeMask = stripes - 1;
    for (int i = 0; i < SLOTS; i++) {
      slots[i] = new AtomicIntegerArray(stripes * B);
      closedAt[i] = Long.MIN_VALUE;
    }
    closedAt[0] = Long.MAX_VALUE;
    currentSince = nowMs;
    current = slots[0];
  }

  /** Stripes for this machine: the next power of two of twice the processors (Vert.x's event loops), at most 8. */
  static int defaultStripes() {
    int loops = Math.min(8, 2 * Runtime.getRuntime().availableProcessors());
    return Integer.highestOneBit(Math.max(1, loops - 1)) << 1;
  }

  /** One invocation that took {@code nanos}. Thread-safe, lock-free. */
  void record(long nanos) {
    int stripe = (int) Thread.currentThread().getId() & stripeMask;
    current.incrementAndGet(stripe * B + LatencyHistogram.bucket(nanos));
  }

  /** The invocations of the window that ends at {@code nowMs}, moving the window on first. */
  synchronized LatencyHistogram snapshot(long nowMs) {
    advance(nowMs);
    long[] counts = null;
    for (int s = 0; s < SLOTS; s++) {
      if (closedAt[s] <= nowMs - WINDOW_MS) {
        continue;
      }
      AtomicIntegerArray slot = slots[s];
      for (int i = 0; i < slot.length(); i++) {
        int c = slot.get(i);
        if (c != 0) {
          if (counts == null) {
            counts = new long[B];
          }
          counts[i % B] += c & 0xFFFFFFFFL;
        }
      }
    }
    return counts == null ? LatencyHistogram.EMPTY : LatencyHistogram.of(counts);
  }

  private void advance(long nowMs) {
    if (nowMs - currentSince < SLOT_MS) {
      return;
    }
    closedAt[currentIndex] = nowMs;
    int next = (currentIndex + 1) % SLOTS;
    AtomicIntegerArray slot = slots[next];
    for (int i = 0; i < slot.length(); i++) {
      slot.set(i, 0);
    }
    closedAt[next] = Long.MAX_VALUE;
    currentIndex = next;
    currentSince = nowMs;
    current = slot;
  }
}
