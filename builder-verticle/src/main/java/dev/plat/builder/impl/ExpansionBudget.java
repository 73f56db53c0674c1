package dev.plat.builder.impl;

import dev.plat.cluster.api.PlatError;

/**
 * Counts bytes a zip expands to against the limits as they come: at most {@code maxBytes}, and
 * at most {@code maxRatio} times the zip's size once past {@link #RATIO_FLOOR}. One budget counts
 * the sizes the central directory declares, another the bytes actually inflated.
 */
final class ExpansionBudget {
  /** Zips expanding to less than this are never refused for their ratio (small text compresses well). */
  static final long RATIO_FLOOR = 1L << 20;

  private final long maxBytes;
  private final int maxRatio;
  private final long zipSize;
  private final String verb;
  private long total;

  /** @param verb how the refusal says the bytes were found: "expands" or "declares that it expands" */
  ExpansionBudget(long maxBytes, int maxRatio, long zipSize, String verb) {
    this.maxBytes = maxBytes;
    this.maxRatio = maxRatio;
    this.zipSize = Math.max(zipSize, 1);
    this.verb = verb;
  }

  /** @throws PlatError 400 {@code zip_bomb} once the total passes a limit */
  void spend(long n) {
    total += n;
    if (total > maxBytes || total < 0) {
      throw PlatError.badRequest("zip_bomb", "the zip " + verb + " to more than " + maxBytes + " bytes, the limit");
    }
    if (total > RATIO_FLOOR && total > (long) maxRatio * zipSize) {
      throw PlatError.badRequest("zip_bomb", "the zip " + verb + " to more than " + maxRatio
        + " times its size (" + zipSize + " bytes), the limit");
    }
  }

  long total() {
    return total;
  }
}
