package dev.plat.proxy;

/** {@link InvocationMetricsTest} with the invocations served by the HTTP/1.x fast path. */
class FastPathInvocationMetricsTest extends InvocationMetricsTest {
  @Override
  boolean fastPath() {
    return true;
  }
}
