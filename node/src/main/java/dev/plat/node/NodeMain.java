package dev.plat.node;

import dev.plat.cluster.ClusterSecret;
import dev.plat.cluster.ConfigException;
import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.PlatConfig;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** {@code java -jar plat-node.jar [flags]}: starts a node and stops it cleanly on SIGTERM/Ctrl-C. */
public final class NodeMain {
  private static final Logger LOG = Logger.getLogger(NodeMain.class.getName());

  private NodeMain() {
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("java.util.logging.SimpleFormatter.format",
      System.getProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$-7s %3$s: %5$s%6$s%n"));
    System.setProperty("hazelcast.logging.type", System.getProperty("hazelcast.logging.type", "jdk"));
    Logger.getLogger("com.hazelcast").setLevel(Level.WARNING);
    if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
      System.out.println(usage());
      return;
    }
    PlatConfig config;
    try {
      // the cluster secret: configured, or on a single node read from (or created in) the data dir
      config = ClusterSecret.resolve(PlatConfig.loadFromSystem(args));
    } catch (ConfigException e) {
      System.err.println("plat: " + e.getMessage() + "\n(--help lists every setting)");
      System.exit(2);
      return;
    }
    config.notices().forEach(notice -> System.err.println("plat: " + notice));
    PlatNode node = new PlatNode(config);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      // Straight to stderr: JUL's own shutdown hook runs at the same time and may already have
      // removed the log handlers, which would drop these lines.
      System.err.println("plat: node " + config.nodeId() + " stopping");
      try {
        node.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        System.err.println("plat: node " + config.nodeId() + " stopped");
      } catch (Exception e) {
        System.err.println("plat: node " + config.nodeId() + " stopped uncleanly: " + e);
      }
    }, "plat-shutdown"));
    node.start().onFailure(err -> {
      LOG.log(Level.SEVERE, "node failed to start: " + err.getMessage(), err);
      System.exit(1);
    });
  }

  private static String usage() {
    StringBuilder out = new StringBuilder("Usage: java -jar plat-node.jar [flags]\n"
      + "Each setting: flag, environment variable, default. Precedence: defaults < file < env < flags.\n\n");
    for (ConfigKey key : ConfigKey.values()) {
      out.append(String.format("  %-26s %-22s %s%n      %s%n", key.flag(), key.env(), key.defaultText(), key.description()));
    }
    return out.toString();
  }
}
