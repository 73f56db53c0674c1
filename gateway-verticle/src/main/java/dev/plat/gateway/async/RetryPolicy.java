package dev.plat.gateway.async;

/**
 * What to do after one attempt of an asynchronous invocation (or of its callback): an answer below
 * 400 succeeds; 5xx, 429 or no answer at all (timeout, connection failure, status {@link #NO_ANSWER})
 * is tried again after {@link #delayMs} while attempts remain, else it fails; any other 4xx fails at
 * once (trying again would get the same answer).
 */
public final class RetryPolicy {
  /** The status recorded for an attempt that got no answer. */
  public static final int NO_ANSWER = 0;
  /** The longest back-off. */
  public static final long MAX_DELAY_MS = 5 * 60_000L;

  /** The verdict of an attempt. */
  public enum Verdict { SUCCEEDED, RETRY, FAILED }

  private final int maxAttempts;
  private final long baseDelayMs;

  /**
   * @param maxAttempts the most attempts, the first included (>= 1)
   * @param baseDelayMs the back-off before the second attempt (>= 1), doubled for each further one
   */
  public RetryPolicy(int maxAttempts, long baseDelayMs) {
    if (maxAttempts < 1 || baseDelayMs < 1) {
      throw new IllegalArgumentException("maxAttempts and baseDelayMs must be >= 1");
    }
    this.maxAttempts = maxAttempts;
    this.baseDelayMs = baseDelayMs;
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  /** Whether an answer with {@code status} ({@link #NO_ANSWER}: none) is worth another attempt. */
  public static boolean retriable(int status) {
    return status == NO_ANSWER || status == 429 || status >= 500;
  }

  /** The verdict after attempt number {@code attempts} (1 for the first) ended with {@code status}. */
  public Verdict after(int attempts, int status) {
    if (!retriable(status)) {
      return status < 400 ? Verdict.SUCCEEDED : Verdict.FAILED;
    }
    return attempts < maxAttempts ? Verdict.RETRY : Verdict.FAILED;
  }

  /** The back-off after attempt number {@code attempts}: base, 2 x base, 4 x base ..., at most {@link #MAX_DELAY_MS}. */
  public long delayMs(int attempts) {
    int doublings = Math.max(0, Math.min(attempts - 1, 30));
    return Math.min(MAX_DELAY_MS, baseDelayMs << doublings);
  }
}
