package dev.plat.proxy;

/** {@link LargeBodiesIT} with the invocations served by the HTTP/1.x fast path. */
class FastPathLargeBodiesIT extends LargeBodiesIT {
  @Override
  boolean fastPath() {
    return true;
  }
}
