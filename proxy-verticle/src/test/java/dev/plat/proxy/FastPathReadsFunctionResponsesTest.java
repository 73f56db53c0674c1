package dev.plat.proxy;

/** {@link ReadsFunctionResponsesTest} with the invocations served by the HTTP/1.x fast path. */
class FastPathReadsFunctionResponsesTest extends ReadsFunctionResponsesTest {
  @Override
  boolean fastPath() {
    return true;
  }
}
