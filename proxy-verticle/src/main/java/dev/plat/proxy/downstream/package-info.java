/**
 * The caller's side of the data plane: the connections clients invoke on. {@link
 * dev.plat.proxy.downstream.FastPath} reads HTTP/1.x requests straight off a gateway (or proxy
 * port) connection and serves each as a {@code RawDownstream}; what it does not take goes to
 * Vert.x, whose requests are served as a {@link dev.plat.proxy.downstream.VertxDownstream}. Both
 * implement dispatch's {@link dev.plat.proxy.dispatch.Downstream}; this package reaches dispatch
 * only through that contract and {@link dev.plat.proxy.dispatch.ProxyCore}'s entry points.
 */
package dev.plat.proxy.downstream;
