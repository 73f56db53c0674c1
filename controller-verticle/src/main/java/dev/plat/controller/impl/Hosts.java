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
final class Hosts {
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
    Host known = remotes.get(node);
    if (known != null) {
      return known;
    }
    NodeInfo info = directory.get(node);
    if (info == null) {
      return remote.apply(new NodeInfo(node, java.util.Set.of(), "", "", 0));  // not kept: it may announce itself later
    }
    Host host = remote.apply(info);
    remotes.put(node, host);
    return host;
  }

  /**
   * A node instances may be placed on.
   *
   * @param memoryBytes the memory it offers instances; 0: not known (this node alone, or before it
   *                    announced itself), no bound
   */
  record Candidate(String node, long memoryBytes) {
    static Candidate of(NodeInfo info) {
      return new Candidate(info.nodeId(), info.memoryBytes());
    }
  }

  /**
   * The nodes instances may be placed on now: this node (always: it runs the controller, so it has
   * an agent, and its proxy role is required with it), then the other live nodes of the directory
   * that run instances.
   */
  public List<Candidate> candidates() {
    NodeInfo self = directory == null ? null : directory.get(local.node());
    List<Candidate> out = new java.util.ArrayList<>();
    out.add(self != null ? Candidate.of(self) : new Candidate(local.node(), 0));
    if (directory != null) {
      directory.live().values().stream()
        .filter(n -> n.runsInstances() && !n.nodeId().equals(local.node()))
        .map(Candidate::of)
        .forEach(out::add);
    }
    return out;
  }

  /**
   * The other nodes present in the cluster that have not announced themselves yet ({@link
   * NodeDirectory#unannounced()}); none when alone.
   */
  public java.util.Set<String> unannounced() {
    if (directory == null) {
      return java.util.Set.of();
    }
    java.util.Set<String> out = new java.util.TreeSet<>(directory.unannounced());
    out.remove(local.node());
    return out;
  }

  /** Forgets the cached host of a node that left (its next incarnation may have another address). */
  public void forget(String node) {
    remotes.remove(node);
  }
}
