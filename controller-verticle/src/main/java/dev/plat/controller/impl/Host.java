package dev.plat.controller.impl;

import dev.plat.controller.ContainerEngine;
import dev.plat.controller.HealthProbe;
import dev.plat.controller.SocketDirs;

/**
 * A node that runs instances, as the leading controller reaches it: its engine, its socket
 * folders and its health probe (direct for the leader's own node, through the node's agent for
 * the others) and the {@code host:port} of its proxy, where its instances' routes point.
 */
record Host(String node, ContainerEngine engine, SocketDirs dirs, HealthProbe probe, String proxy) {
}
