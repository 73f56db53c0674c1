package dev.plat.cluster.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The environment variables of the platform Plat was seeded from that name a service by URL
 * ({@code BUILDER_URL}, {@code CONTROLLER_URL}, {@code PROXY_URL}). Plat has no such services:
 * they are roles of a node, found through the cluster. A node started with one says so once,
 * instead of ignoring it without a word.
 */
public final class SeedVariables {
  /** Each variable and what replaces it, in the order they are reported. */
  private static final String[][] REPLACED = {
    {"BUILDER_URL", "the builder is a role of a node (--roles builder; every node has all roles by default)"},
    {"CONTROLLER_URL", "the controller is a role of a node (--roles controller; every node has all roles by default)"},
    {"PROXY_URL", "the proxy is a role of a node (--roles proxy); a node reaches the other nodes' proxies on their"
      + " proxyPort"},
  };

  private SeedVariables() {
  }

  /** One line per such variable set (not empty) in {@code env}: that it is ignored and what replaces it. */
  public static List<String> notices(Map<String, String> env) {
    List<String> lines = new ArrayList<>();
    for (String[] variable : REPLACED) {
      String value = env.get(variable[0]);
      if (value != null && !value.isEmpty()) {
        lines.add(variable[0] + " is ignored: " + variable[1] + ", and the roles of a cluster find each other"
          + " through its members (clusterMembers, PLAT_CLUSTER_MEMBERS), not by URL");
      }
    }
    return lines;
  }
}
