package dev.plat.proxy;

/** {@link ColdStartTest} with the invocations served by the HTTP/1.x fast path. */
class FastPathColdStartTest extends ColdStartTest {
  @Override
  boolean fastPath() {
    return true;
  }
}
