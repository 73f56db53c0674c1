package dev.plat.controller.impl;

import dev.plat.cluster.RouteTable;
import dev.plat.controller.ContainerEngine;
import dev.plat.controller.ControllerOptions;
import dev.plat.controller.HealthProbe;
import dev.plat.controller.Scheduler;
import dev.plat.controller.SocketDirs;
import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * What the lifecycle classes share: the hosts instances run on (this node's engine, socket
 * folders, probe and proxy address, and the other nodes'), the routes, the clock, the status
 * publisher, the options and this node's id.
 */
public record Collaborators(Hosts hosts, RouteTable routes, Scheduler scheduler, StatusPublisher status,
                            ControllerOptions options, String node) {

  /** A controller alone: every instance on this node, served by its proxy at {@code proxy}. */
  public Collaborators(ContainerEngine engine, RouteTable routes, SocketDirs dirs, HealthProbe probe,
                       Scheduler scheduler, StatusPublisher status, ControllerOptions options, String node,
                       String proxy) {
    this(Hosts.single(new Host(node, engine, dirs, probe, proxy)), routes, scheduler, status, options, node);
  }

  /** The host of an instance's node ({@link Instance#node()}). */
  public Host host(String node) {
    return hosts.of(node);
  }

  /** This node's engine (the pool's containers run here). */
  public ContainerEngine engine() {
    return hosts.local().engine();
  }

  /** This node's socket folders. */
  public SocketDirs dirs() {
    return hosts.local().dirs();
  }

  /** This node's health probe. */
  public HealthProbe probe() {
    return hosts.local().probe();
  }

  /** {@code host:port} of this node's proxy. */
  public String proxy() {
    return hosts.local().proxy();
  }

  /** Completes after {@code ms} on the scheduler; at once when {@code ms <= 0}. */
  public Future<Void> delay(long ms) {
    if (ms <= 0) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    scheduler.schedule(ms, done::tryComplete);
    return done.future();
  }
}
