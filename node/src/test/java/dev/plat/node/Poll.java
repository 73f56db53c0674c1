package dev.plat.node;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Bounded polling for end-to-end tests: no fixed waits, a deadline and a message saying what never happened. */
public final class Poll {
  static final Duration INTERVAL = Duration.ofMillis(100);

  private Poll() {
  }

  /**
   * Calls {@code probe} every {@link #INTERVAL} until it returns non-null, and returns that.
   *
   * @param what    what is awaited, for the failure message
   * @param context more text for the failure message (e.g. the node's log), read only on failure
   * @throws AssertionError when {@code timeout} passes first, or as thrown by the probe (a connection
   *     that failed, {@link UncheckedIOException}, is "not yet": it is kept for the message)
   */
  public static <T> T until(Duration timeout, String what, Callable<T> probe, Supplier<String> context) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Object last = null;
    while (true) {
      try {
        T value = probe.call();
        if (value != null) {
          return value;
        }
      } catch (UncheckedIOException e) {
        last = e;
      } catch (AssertionError | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        last = e;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
          + (last == null ? "" : " (last error: " + last + ")") + "\n" + context.get());
      }
      try {
        TimeUnit.MILLISECONDS.sleep(INTERVAL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }

  /** {@link #until(Duration, String, Callable, Supplier)} for a condition. */
  static void untilTrue(Duration timeout, String what, Callable<Boolean> condition, Supplier<String> context) {
    until(timeout, what, () -> Boolean.TRUE.equals(condition.call()) ? Boolean.TRUE : null, context);
  }
}
