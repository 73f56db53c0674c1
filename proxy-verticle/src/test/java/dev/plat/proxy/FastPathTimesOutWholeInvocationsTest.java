package dev.plat.proxy;

/** {@link TimesOutWholeInvocationsTest} with the invocations served by the HTTP/1.x fast path. */
class FastPathTimesOutWholeInvocationsTest extends TimesOutWholeInvocationsTest {
  @Override
  boolean fastPath() {
    return true;
  }
}
