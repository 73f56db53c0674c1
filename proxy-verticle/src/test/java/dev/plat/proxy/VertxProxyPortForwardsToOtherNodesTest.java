package dev.plat.proxy;

/** {@link ForwardsToOtherNodesTest} with node-b's proxy port served by Vert.x's request handler only ({@code fastPath=false}). */
class VertxProxyPortForwardsToOtherNodesTest extends ForwardsToOtherNodesTest {
  @Override
  boolean proxyPortFastPath() {
    return false;
  }
}
