package dev.plat.cluster.impl;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean" for misspelt keys and flags. */
final class Suggest {
  private Suggest() {
  }

  /** The candidate closest to {@code given}, or {@code null} when none is close. */
  static String closest(String given, Collection<String> candidates) {
    String g = normalize(given);
    String best = null;
    int bestDistance = 3;
    for (String candidate : candidates) {
      int d = distance(g, normalize(candidate));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Lower case without dashes and underscores, so httpPort, http-port and HTTP_PORT are equal. */
  private static String normalize(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[-_]", "").replaceFirst("^plat", "");
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
