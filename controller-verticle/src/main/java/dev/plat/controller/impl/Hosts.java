package dev.plat.controller.impl;

import dev.plat.cluster.NodeDirectory;
import dev.plat.cluster.NodeInfo;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The nodes instances can run on. Alone (no {@link NodeDirectory}) that is this node only; in a
 * cluster it is every live node of the directory that runs instances ({@link NodeInfo#runsInstances}),
 * this node reached directly, the others through their agents ({@link RemoteHost}).
 */
public final class Hosts {
  private final Host local;
  private final NodeDirectory directory;
  private final Function<NodeInfo, Host> remote;
  private final Map<String, Host> remotes = new ConcurrentHashMap<>();

  private Hosts(Host local, NodeDirectory directory, Function<NodeInfo, Host> remote) {
    this.local = local;
    this.directory = directory;
    this.remote = remote;
  }

  /** This node only. */
  public static Hosts single(Host local) {
    return new Hosts(local, null, null);
  }

  /** This node and the live nodes of {@code directory}, each other one reached through {@code remote}. */
  public static Hosts cluster(Host local, NodeDirectory directory, Function<NodeInfo, Host> remote) {
    return new Hosts(local, directory, remote);
  }

  /** This node. */
  public Host local() {
    return local;
  }

  /**
   * The host of {@code node}: this node, a live node of the directory, or (a node that left) one
   * that still names it but whose operations fail, so that cleaning up after it never throws.
   */
  public Host of(String node) {
    if (directory == null || local.node().equals(node)) {
      return local;
    }
    return remotes.computeIfAbsent(node, id -> {
      NodeInfo info = directory.get(id);
      return remote.apply(info != null ? info : new NodeInfo(id, java.util.Set.of(), "", "", 0));
    });
  }

  /** The nodes instances may be placed on now, this node first when it runs instances. */
  public List<NodeInfo> candidates() {
    if (directory == null) {
      return List.of(new NodeInfo(local.node(), java.util.Set.of(), "", local.proxy(), 0));
    }
    return directory.live().values().stream().filter(NodeInfo::runsInstances)
      .sorted((a, b) -> a.nodeId().equals(local.node()) ? -1 : b.nodeId().equals(local.node()) ? 1
        : a.nodeId().compareTo(b.nodeId()))
      .toList();
  }

  /** Forgets the cached host of a node that left (its next incarnation may have another address). */
  public void forget(String node) {
    remotes.remove(node);
  }
}
