package dev.plat.proxy;

/** {@link ForwardsRequestsTest} with the invocations served by the HTTP/1.x fast path. */
class FastPathForwardsRequestsTest extends ForwardsRequestsTest {
  @Override
  boolean fastPath() {
    return true;
  }
}
