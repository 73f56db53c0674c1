/**
 * Dispatch: which instance serves an invocation and the invocation's course. {@link
 * dev.plat.proxy.dispatch.ProxyCore} is the proxy's entry (the {@code ProxyHandler}: it puts the
 * fast path on connections and starts invocations), a {@code ProxiedFunction} per function holds
 * its instances ({@code InstanceSet}), limits, queue and cold-start wait, an {@code Invocation}
 * drives one exchange from the queue to the response's end over an upstream connection, a
 * {@code Tunnel} an upgrade's over vertx-http-proxy. The caller's side is seen as a {@link
 * dev.plat.proxy.dispatch.Downstream} only; {@code ProxyCore} and {@code Tunnel} make its adapters.
 */
package dev.plat.proxy.dispatch;
