package dev.plat.proxy;

/** {@link ForwardsToOtherNodesTest} with node-a's invocations served by the HTTP/1.x fast path. */
class FastPathForwardsToOtherNodesTest extends ForwardsToOtherNodesTest {
  @Override
  boolean fastPath() {
    return true;
  }
}
