package dev.plat.proxy;

/**
 * {@link ForwardsToOtherNodesTest} with node-b's proxy port served by Vert.x's request handler only
 * ({@code fastPath=false}), so node-a forwards over HTTP/1.1 connections, as such a node's
 * configuration says ({@link ProxyOptions#from}: no multiplexed hop without the fast path).
 */
class VertxProxyPortForwardsToOtherNodesTest extends ForwardsToOtherNodesTest {
  @Override
  boolean proxyPortFastPath() {
    return false;
  }

  @Override
  ProxyOptions options() {
    return new ProxyOptions().setMultiplexedHop(false);
  }
}
