package dev.plat.proxy.dispatch;

import dev.plat.proxy.upstream.Upstream;
import dev.plat.proxy.upstream.Ejector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.Route;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Outlier ejection on a manual clock: intervals, doubling, the cap, recovery, and how the pool skips ejected instances. */
class EjectorTest {
  private static final long MS = 1_000_000;
  /** The manual clock, in nanos; starts near the end of the long range, where nanoTime may wrap. */
  private long now = Long.MAX_VALUE - 5_000 * MS;
  private final Ejector ejector = new Ejector(10_000, 40_000, () -> now);

  private static Upstream upstream(String instance) {
    return new Upstream(new Route("f", instance, 1, "me", "/tmp/" + instance + ".sock", null), "me", 1);
  }

  private static InstanceSet pool(Route... routes) {
    return InstanceSet.of(List.of(routes), null, "me", 60_000, 1);
  }

  private static Route local(String instance, int concurrency) {
    return new Route("f", instance, 1, "me", "/tmp/" + instance + ".sock", "127.0.0.1:1", concurrency, 0);
  }

  private void advance(long ms) {
    now += ms * MS;
  }

  @Test
  void ejectsAtOnceForTheBaseInterval() {
    Upstream u = upstream("a");
    assertFalse(ejector.ejected(u));
    assertTrue(ejector.failed(u));
    assertTrue(ejector.ejected(u));
    advance(9_999);
    assertTrue(ejector.ejected(u));
    advance(1);
    assertFalse(ejector.ejected(u));
  }

  @Test
  void failuresDuringAnEjectionNeitherCountNorLengthenIt() {
    Upstream u = upstream("a");
    assertTrue(ejector.failed(u));
    advance(5_000);
    assertFalse(ejector.failed(u), "requests sent before the ejection fail after it: one ejection");
    advance(5_000);
    assertFalse(ejector.ejected(u));
  }

  @Test
  void doublesWithEachEjectionInARowUpToTheCap() {
    Upstream u = upstream("a");
    long[] expected = {10_000, 20_000, 40_000, 40_000};
    for (long ms : expected) {
      assertTrue(ejector.failed(u));
      advance(ms - 1);
      assertTrue(ejector.ejected(u), "ejected for " + ms + " ms");
      advance(1);
      assertFalse(ejector.ejected(u), "back after " + ms + " ms");
    }
  }

  @Test
  void anAnswerAfterTheEjectionBringsBackTheBaseInterval() {
    Upstream u = upstream("a");
    ejector.failed(u);
    advance(10_000);
    ejector.failed(u);
    advance(20_000);
    ejector.answered(u);
    assertEquals(0, u.ejectedUntil, "in good standing: the warm path reads a 0");
    assertTrue(ejector.failed(u));
    advance(10_000);
    assertFalse(ejector.ejected(u), "the base interval again, not 40 s");
  }

  @Test
  void anAnswerDuringTheEjectionDoesNotEndIt() {
    Upstream u = upstream("a");
    ejector.failed(u);
    advance(1_000);
    ejector.answered(u);
    assertTrue(ejector.ejected(u), "a request sent before the ejection may still answer");
  }

  @Test
  void zeroSecondsNeverEjects() {
    Ejector off = new Ejector(0, 300_000, () -> now);
    Upstream u = upstream("a");
    assertFalse(off.failed(u));
    assertFalse(off.ejected(u));
    assertEquals(0, u.ejectedUntil);
  }

  @Test
  void thePoolSkipsAnEjectedInstanceWhileAnotherExists() {
    InstanceSet pool = pool(local("a", 0), local("b", 0));
    Upstream a = pool.upstreams[0];
    Upstream b = pool.upstreams[1];
    ejector.failed(a);
    for (int i = 0; i < 10; i++) {
      Upstream u = pool.acquire(false, null, ejector);
      assertSame(b, u);
    }
    advance(10_000);
    boolean sawA = false;
    for (int i = 0; i < 4; i++) {
      sawA |= pool.acquire(false, null, ejector) == a;
    }
    assertTrue(sawA, "back in the balancing once its ejection ran out");
  }

  @Test
  void thePoolUsesAnEjectedInstanceWhenNothingElseExists() {
    InstanceSet lone = pool(local("a", 0));
    ejector.failed(lone.upstreams[0]);
    assertSame(lone.upstreams[0], lone.acquire(false, null, ejector));

    InstanceSet two = pool(local("a", 0), local("b", 0));
    ejector.failed(two.upstreams[0]);
    assertSame(two.upstreams[0], two.acquire(false, List.of(two.upstreams[1]), ejector),
      "the other one refused this invocation already");
    ejector.failed(two.upstreams[1]);
    assertTrue(two.acquire(false, null, ejector) != null, "every instance ejected: they are all tried");
  }

  @Test
  void aFullHealthyInstanceMakesTheInvocationWaitRatherThanGoToAnEjectedOne() {
    InstanceSet pool = pool(local("a", 1), local("b", 1));
    ejector.failed(pool.upstreams[0]);
    assertSame(pool.upstreams[1], pool.acquire(false, null, ejector));
    assertNull(pool.acquire(false, null, ejector), "b is full, a is ejected: wait for b");
  }
}
