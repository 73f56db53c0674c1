package dev.plat.controller.impl;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where a function's next instance runs: among the nodes that can run instances now
 * ({@link Hosts#candidates()}), those whose memory still holds the instance's limit, the node with
 * the fewest instances of this function first (spread), then the fewest instances in all (least
 * loaded), then by node id (stable).
 */
final class Placement {
  private final Hosts hosts;
  private final Supplier<Collection<FunctionState>> functions;

  public Placement(Hosts hosts, Supplier<Collection<FunctionState>> functions) {
    this.hosts = hosts;
    this.functions = functions;
  }

  /** The node for one more instance of {@code fs}; {@code null} when no node can take it. */
  public String choose(FunctionState fs) {
    long need = fs.record().spec().limits().memoryMb() * 1024L * 1024L;
    List<Hosts.Candidate> candidates = hosts.candidates();
    return candidates.stream()
      .filter(n -> n.memoryBytes() <= 0 || memoryUsed(n.node()) + need <= n.memoryBytes())
      .min(Comparator.<Hosts.Candidate>comparingLong(n -> count(fs, n.node()))
        .thenComparingLong(n -> functions.get().stream().mapToLong(f -> count(f, n.node())).sum())
        .thenComparing(Hosts.Candidate::node))
      .map(Hosts.Candidate::node).orElse(null);
  }

  private static long count(FunctionState fs, String node) {
    return fs.instances().stream().filter(i -> i.isLive() && node.equals(i.node())).count();
  }

  private long memoryUsed(String node) {
    return functions.get().stream().flatMap(f -> f.instances().stream())
      .filter(i -> i.isLive() && node.equals(i.node()))
      .mapToLong(i -> i.limits().memoryMb() * 1024L * 1024L).sum();
  }
}
