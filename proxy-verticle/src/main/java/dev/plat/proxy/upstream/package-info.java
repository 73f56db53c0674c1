/**
 * The upstream side of the data plane: the connections from this node to instance sockets (unix)
 * and to other nodes' proxy ports (TCP). {@link dev.plat.proxy.upstream.Connections} keeps one
 * {@link dev.plat.proxy.upstream.LoopConnections} per event loop (connect, peer check, idle
 * connections by {@link dev.plat.proxy.upstream.ConnectionSlot}); an
 * {@link dev.plat.proxy.upstream.UpstreamConnection} reads the responses off its bytes for one
 * {@link dev.plat.proxy.upstream.Exchange} at a time. {@link dev.plat.proxy.upstream.Upstream} is
 * one instance (or node) as the dispatcher sees it, {@link dev.plat.proxy.upstream.Ejector} takes
 * failing ones out of rotation, {@link dev.plat.proxy.upstream.Deadlines} is each loop's timer
 * wheel. Nothing here knows about functions' queues or the caller's side.
 */
package dev.plat.proxy.upstream;
