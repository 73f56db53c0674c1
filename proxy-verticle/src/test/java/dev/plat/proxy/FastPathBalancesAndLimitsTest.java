package dev.plat.proxy;

/** {@link BalancesAndLimitsTest} with the invocations served by the HTTP/1.x fast path. */
class FastPathBalancesAndLimitsTest extends BalancesAndLimitsTest {
  @Override
  boolean fastPath() {
    return true;
  }
}
