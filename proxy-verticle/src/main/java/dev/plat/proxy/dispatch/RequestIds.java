package dev.plat.proxy.dispatch;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Request ids: a caller's sane id is kept, else a new one is a random per-process prefix plus a counter. */
final class RequestIds {
  private static final int MAX_LENGTH = 128;

  private final String prefix;
  private final AtomicLong counter = new AtomicLong();

  RequestIds() {
    SecureRandom random = new SecureRandom();
    prefix = Long.toHexString(random.nextLong() | Long.MIN_VALUE).substring(0, 12) + "-";
  }

  String keepOrNew(String given) {
    return given != null && isSane(given) ? given : prefix + Long.toHexString(counter.incrementAndGet());
  }

  /** 1-128 visible ASCII characters. */
  static boolean isSane(String id) {
    int n = id.length();
    if (n == 0 || n > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = id.charAt(i);
      if (c <= ' ' || c > '~') {
        return false;
      }
    }
    return true;
  }
}
