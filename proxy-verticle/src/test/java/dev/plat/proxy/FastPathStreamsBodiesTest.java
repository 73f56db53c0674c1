package dev.plat.proxy;

/** {@link StreamsBodiesTest} with the invocations served by the HTTP/1.x fast path. */
class FastPathStreamsBodiesTest extends StreamsBodiesTest {
  @Override
  boolean fastPath() {
    return true;
  }
}
