package dev.plat.proxy.upstream;

import java.util.function.LongSupplier;

/**
 * Outlier ejection, as Envoy and Knative users know it: an upstream (an instance socket, or another
 * node's proxy port) whose connection failed before any response byte (refused, reset, not the
 * instance's own process, closed unanswered) is left out of the balancing at once for an interval.
 * The interval doubles with each ejection that follows without an answer in between, up to a cap;
 * the first answer after an ejection ran out brings it back to the base interval. An ejected
 * upstream is still chosen when its function has nothing else ({@link InstanceSet#acquire}), so a lone
 * instance is tried as before.
 *
 * <p>State, per upstream: {@link Upstream#ejectedUntil} (the clock's nanos when its ejection ends;
 * 0: in good standing) and {@link Upstream#ejections} (ejections in a row), written under the
 * upstream's lock. The warm path reads {@code ejectedUntil} only; the clock is read when it is not 0.
 */
public final class Ejector {
  /** No ejection at all. */
  public static final Ejector NONE = new Ejector(0, 0, System::nanoTime);
  /** Doublings after which the interval stops growing, whatever the cap. */
  private static final int MAX_DOUBLINGS = 30;

  private final long baseNanos;
  private final long maxNanos;
  private final LongSupplier clock;

  /**
   * @param baseMs the first ejection's length; 0: never eject
   * @param maxMs  the longest ejection (at least {@code baseMs})
   * @param nanos  the clock ({@link System#nanoTime} but in tests)
   */
  public Ejector(long baseMs, long maxMs, LongSupplier nanos) {
    this.baseNanos = baseMs * 1_000_000;
    this.maxNanos = Math.max(baseMs, maxMs) * 1_000_000;
    this.clock = nanos;
  }

  /** Whether {@code u} is out of the balancing now. */
  public boolean ejected(Upstream u) {
    long until = u.ejectedUntil;
    return until != 0 && clock.getAsLong() - until < 0;
  }

  /**
   * A connection to {@code u} failed before any response byte: ejects it unless it is ejected
   * already (the failures of requests sent before the ejection do not lengthen it).
   *
   * @return whether this call ejected it
   */
  public boolean failed(Upstream u) {
    if (baseNanos == 0) {
      return false;
    }
    synchronized (u) {
      long now = clock.getAsLong();
      long until = u.ejectedUntil;
      if (until != 0 && now - until < 0) {
        return false;
      }
      int n = u.ejections;
      long interval = Math.min(maxNanos, baseNanos << Math.min(n, MAX_DOUBLINGS));
      u.ejections = Math.min(n + 1, MAX_DOUBLINGS);
      long end = now + (interval <= 0 ? maxNanos : interval);
      u.ejectedUntil = end == 0 ? 1 : end;
      return true;
    }
  }

  /** {@code u} answered: once its ejection has run out, it is in good standing again. */
  public void answered(Upstream u) {
    if (u.ejectedUntil != 0) {
      recover(u);
    }
  }

  private void recover(Upstream u) {
    synchronized (u) {
      long until = u.ejectedUntil;
      if (until != 0 && clock.getAsLong() - until >= 0) {
        u.ejectedUntil = 0;
        u.ejections = 0;
      }
    }
  }
}
