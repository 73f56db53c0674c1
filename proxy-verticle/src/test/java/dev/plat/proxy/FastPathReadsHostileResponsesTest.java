package dev.plat.proxy;

/** {@link ReadsHostileResponsesTest} with the invocations served by the HTTP/1.x fast path. */
class FastPathReadsHostileResponsesTest extends ReadsHostileResponsesTest {
  @Override
  boolean fastPath() {
    return true;
  }
}
