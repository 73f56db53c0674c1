package dev.plat.cluster.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LeaseWatchTest {
  private static final long BOUND = TimeUnit.SECONDS.toNanos(15);
  private long now = 1_000_000;
  private final LeaseWatch watch = new LeaseWatch(BOUND, () -> now);

  private void advance(long seconds) {
    now += TimeUnit.SECONDS.toNanos(seconds);
  }

  @Test
  void anOwnerThatStopsRenewingExpiresOnceItsLeaseStayedTheSameForTheBound() {
    assertEquals(Set.of(), watch.expired(Set.of("b"), Map.of("b", 1L)));
    advance(5);
    assertEquals(Set.of(), watch.expired(Set.of("b"), Map.of("b", 2L)));
    advance(14);
    assertEquals(Set.of(), watch.expired(Set.of("b"), Map.of("b", 2L)), "14 s without a change");
    advance(1);
    assertEquals(Set.of("b"), watch.expired(Set.of("b"), Map.of("b", 2L)), "15 s without a change");
  }

  @Test
  void anOwnerThatKeepsRenewingNeverExpires() {
    for (long lease = 1; lease < 100; lease++) {
      assertEquals(Set.of(), watch.expired(Set.of("b"), Map.of("b", lease)));
      advance(10);
    }
  }

  @Test
  void anOwnerWithoutAnyLeaseExpiresABoundAfterItWasFirstSeen() {
    assertEquals(Set.of(), watch.expired(Set.of("ghost"), Map.of()));
    advance(15);
    assertEquals(Set.of("ghost"), watch.expired(Set.of("ghost"), Map.of()));
  }

  @Test
  void aStaleLeaseSeenForTheFirstTimeGetsAWholeBound() {
    advance(3600);
    assertEquals(Set.of(), watch.expired(Set.of("b"), Map.of("b", 7L)), "a member that just started knows no history");
    advance(14);
    assertEquals(Set.of(), watch.expired(Set.of("b"), Map.of("b", 7L)));
    advance(1);
    assertEquals(Set.of("b"), watch.expired(Set.of("b"), Map.of("b", 7L)));
  }

  @Test
  void anOwnerThatOwnsNoRouteAnyMoreIsForgottenAndStartsOverWhenItOwnsOneAgain() {
    watch.expired(Set.of("b"), Map.of("b", 1L));
    advance(10);
    watch.expired(Set.of(), Map.of("b", 1L));
    advance(10);
    assertEquals(Set.of(), watch.expired(Set.of("b"), Map.of("b", 1L)), "seen again just now");
    advance(15);
    assertEquals(Set.of("b"), watch.expired(Set.of("b"), Map.of("b", 1L)));
  }

  @Test
  void aLeaseThatGoesAwayCountsAsAChange() {
    watch.expired(Set.of("b"), Map.of("b", 1L));
    advance(10);
    assertEquals(Set.of(), watch.expired(Set.of("b"), Map.of()));
    advance(10);
    assertEquals(Set.of(), watch.expired(Set.of("b"), Map.of()));
    advance(5);
    assertEquals(Set.of("b"), watch.expired(Set.of("b"), Map.of()));
  }

  @Test
  void eachOwnerIsJudgedOnItsOwnLease() {
    watch.expired(Set.of("b", "c"), Map.of("b", 1L, "c", 1L));
    advance(15);
    assertEquals(Set.of("c"), watch.expired(Set.of("b", "c"), Map.of("b", 2L, "c", 1L)));
  }
}
