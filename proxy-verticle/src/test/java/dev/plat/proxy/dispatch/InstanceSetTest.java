package dev.plat.proxy.dispatch;

import dev.plat.proxy.upstream.Upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.Route;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InstanceSetTest {
  private static Route local(String instance, int concurrency) {
    return new Route("f", instance, 1, "me", "/tmp/" + instance + ".sock", "127.0.0.1:1", concurrency, 0);
  }

  private static Route remote(String instance) {
    return new Route("f", instance, 1, "other", "/tmp/" + instance + ".sock", "127.0.0.1:9", 0, 0);
  }

  private static InstanceSet pool(Route... routes) {
    return InstanceSet.of(List.of(routes), null, "me", 60_000, 1);
  }

  @Test
  void picksTheInstanceWithFewestOutstandingRequests() {
    InstanceSet pool = pool(local("a", 0), local("b", 0));
    Upstream first = pool.acquire(false, null);
    Upstream second = pool.acquire(false, null);
    assertFalse(first == second, "the second request goes to the idle instance");
    second.release();
    assertSame(second, pool.acquire(false, null));
  }

  @Test
  void spreadsTiesRoundRobin() {
    InstanceSet pool = pool(local("a", 0), local("b", 0), local("c", 0));
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      Upstream u = pool.acquire(false, null);
      seen.add(u.route.instance());
      u.release();
    }
    assertEquals(Set.of("a", "b", "c"), seen);
  }

  @Test
  void neverExceedsTheConcurrencyOfAnInstance() {
    InstanceSet pool = pool(local("a", 2), local("b", 2));
    for (int i = 0; i < 4; i++) {
      assertTrue(pool.acquire(false, null) != null);
    }
    assertNull(pool.acquire(false, null));
    assertFalse(pool.allExcluded(false, null), "full is not excluded");
  }

  @Test
  void prefersLocalInstancesOnTiesAndServesForwardedCallsFromLocalOnly() {
    InstanceSet pool = pool(remote("r"), local("l", 0));
    for (int i = 0; i < 4; i++) {
      Upstream u = pool.acquire(false, null);
      assertTrue(u.local);
      u.release();
    }
    InstanceSet remoteOnly = pool(remote("r"));
    assertFalse(remoteOnly.hasCandidates(true));
    assertTrue(remoteOnly.hasCandidates(false));
    assertNull(remoteOnly.acquire(true, null));
  }

  @Test
  void skipsExcludedInstances() {
    InstanceSet pool = pool(local("a", 0), local("b", 0));
    Upstream a = pool.upstreams[0];
    for (int i = 0; i < 3; i++) {
      Upstream u = pool.acquire(false, List.of(a));
      assertEquals("b", u.route.instance());
      u.release();
    }
    assertTrue(pool.allExcluded(false, List.of(pool.upstreams)));
  }

  @Test
  void keepsTheLoadOfUnchangedInstancesAcrossRouteChangesAndReadsSettingsFromTheNewestVersion() {
    InstanceSet before = pool(local("a", 0));
    Upstream a = before.acquire(false, null);
    Route b = new Route("f", "b", 2, "me", "/tmp/b.sock", null, 3, 7);
    InstanceSet after = InstanceSet.of(List.of(local("a", 0), b), before, "me", 60_000, 1);
    assertSame(a, after.upstreams[0]);
    assertEquals(1, after.upstreams[0].outstanding.get());
    assertEquals(3, after.concurrency);
    assertEquals(7_000, after.timeoutMs);
    assertEquals(60_000, before.timeoutMs, "timeoutSeconds 0 is the proxy's default");
  }

  @Test
  void leavesOutRemoteRoutesWithoutAProxyAddress() {
    InstanceSet pool = pool(new Route("f", "x", 1, "other", "/s", null));
    assertEquals(0, pool.upstreams.length);
  }
}
