package dev.plat.cluster.impl;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Tells which route owners stopped renewing their lease, as seen from this member. It never
 * compares the owner's clock with its own: it notes, on its own monotonic clock, when it last saw
 * each owner's lease change, and an owner whose lease (or its absence) stayed the same for the
 * bound has expired. So a member that has just started waits a whole bound before it expires
 * anything, and clocks that differ between hosts do not matter. Not thread-safe.
 */
public final class LeaseWatch {
  private record Seen(Long lease, long sinceNanos) {
  }

  private final long boundNanos;
  private final LongSupplier nanoClock;
  private final Map<String, Seen> seen = new HashMap<>();

  /**
   * @param boundNanos how long a lease may stay the same before its owner's routes expire
   * @param nanoClock  a monotonic clock in nanoseconds ({@code System::nanoTime})
   */
  public LeaseWatch(long boundNanos, LongSupplier nanoClock) {
    if (boundNanos <= 0) {
      throw new IllegalArgumentException("boundNanos must be > 0, got " + boundNanos);
    }
    this.boundNanos = boundNanos;
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
  }

  /**
   * Notes the leases of {@code owners} as they are now and answers those whose lease has not
   * changed for the bound. Owners not listed are forgotten (they own no route any more).
   *
   * @param owners the nodes that own routes, this node excluded
   * @param leases node id to lease; a missing entry counts as a lease that never changes
   */
  public Set<String> expired(Set<String> owners, Map<String, Long> leases) {
    long now = nanoClock.getAsLong();
    seen.keySet().retainAll(owners);
    Set<String> expired = new HashSet<>();
    for (String owner : owners) {
      Long lease = leases.get(owner);
      Seen last = seen.get(owner);
      if (last == null || !Objects.equals(last.lease(), lease)) {
        seen.put(owner, new Seen(lease, now));
      } else if (now - last.sinceNanos() >= boundNanos) {
        expired.add(owner);
      }
    }
    return expired;
  }
}
