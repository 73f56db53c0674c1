package dev.plat.proxy;

/** {@link ForwardsToOtherNodesTest} with node-a forwarding over HTTP/1.1 connections ({@code multiplexedHop=false}). */
class Http1HopForwardsToOtherNodesTest extends ForwardsToOtherNodesTest {
  @Override
  ProxyOptions options() {
    return new ProxyOptions().setMultiplexedHop(false);
  }
}
