package dev.plat.controller.impl;

import dev.plat.cluster.RouteTable;
import dev.plat.controller.ContainerEngine;
import dev.plat.controller.ControllerOptions;
import dev.plat.controller.HealthProbe;
import dev.plat.controller.Scheduler;
import dev.plat.controller.SocketDirs;

/**
 * What the lifecycle classes share: the boundaries (engine, routes, socket folders, probe, clock),
 * the status publisher, the options, this node's id and the {@code host:port} of its proxy.
 */
public record Collaborators(ContainerEngine engine, RouteTable routes, SocketDirs dirs, HealthProbe probe,
                            Scheduler scheduler, StatusPublisher status, ControllerOptions options,
                            String node, String proxy) {
}
