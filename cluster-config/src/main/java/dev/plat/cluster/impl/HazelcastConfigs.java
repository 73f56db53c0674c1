package dev.plat.cluster.impl;

import com.hazelcast.config.Config;
import com.hazelcast.config.IndexConfig;
import com.hazelcast.config.IndexType;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.ReplicatedMapConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import dev.plat.cluster.ClusterOptions;
import dev.plat.cluster.Names;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import java.util.ArrayList;
import java.util.List;

/** Builds the Hazelcast configuration of a node: loopback-or-given host only, TCP-IP join, nothing else. */
public final class HazelcastConfigs {
  /** The split-brain protection of the registry map: writes need a majority of the configured members. */
  public static final String REGISTRY_MAJORITY = Names.Hz.REGISTRY + "-majority";

  private HazelcastConfigs() {
  }

  /**
   * The Vert.x default Hazelcast configuration (which sets up the maps the event bus needs), with
   * the network and join of {@code options}.
   */
  public static Config create(ClusterOptions options) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(options.getClusterName());
    config.setProperty("hazelcast.logging.type", "jdk");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", String.valueOf(options.getWaitSecondsBeforeJoin()));
    config.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(options.getMaxNoHeartbeatSeconds()));
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.getJetConfig().setEnabled(false);
    config.getMemberAttributeConfig().setAttribute(Names.Hz.NODE_ATTRIBUTE, options.getNodeId());
    config.getMemberAttributeConfig().setAttribute(Names.Hz.CONTROLLER_ATTRIBUTE, String.valueOf(options.isController()));
    config.addReplicatedMapConfig(new ReplicatedMapConfig(Names.Hz.ROUTES).setAsyncFillup(false));
    config.addReplicatedMapConfig(new ReplicatedMapConfig(Names.Hz.NODES).setAsyncFillup(false));

    NetworkConfig network = config.getNetworkConfig();
    network.setPort(options.getPort()).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).setInterfaces(List.of(options.getHost()));
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getAwsConfig().setEnabled(false);
    join.getGcpConfig().setEnabled(false);
    join.getAzureConfig().setEnabled(false);
    join.getKubernetesConfig().setEnabled(false);
    join.getEurekaConfig().setEnabled(false);
    List<String> members = new ArrayList<>(options.getMembers());
    String self = options.getHost() + ":" + options.getPort();
    if (!members.contains(self)) {
      members.add(0, self);
    }
    join.getTcpIpConfig().setEnabled(true).setMembers(members);
    addRegistry(config, options.quorum());
    // asynchronous invocations: acknowledged (202) only once the backup has the record too; the
    // workers' poll selects by state, the list by function, the reaper by callback state
    config.addMapConfig(new MapConfig(Names.Hz.INVOCATIONS).setBackupCount(1).setAsyncBackupCount(0)
      .addIndexConfig(new IndexConfig(IndexType.HASH, "state")).addIndexConfig(new IndexConfig(IndexType.HASH, "function"))
      .addIndexConfig(new IndexConfig(IndexType.HASH, "callback.state")));
    return config;
  }

  /**
   * The registry map: one synchronous backup (a write is acknowledged once the backup has it, so
   * losing one member loses nothing acknowledged); with more than one configured member, writes
   * (reads stay allowed) need {@code quorum} members in this member's partition, so a minority
   * partition cannot write. Every member must list the same members for all to agree on the quorum.
   */
  static void addRegistry(Config config, int quorum) {
    MapConfig registry = new MapConfig(Names.Hz.REGISTRY).setBackupCount(1).setAsyncBackupCount(0);
    if (quorum > 1) {
      config.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(REGISTRY_MAJORITY, true, quorum)
        .setProtectOn(SplitBrainProtectionOn.WRITE));
      registry.setSplitBrainProtectionName(REGISTRY_MAJORITY);
    }
    config.addMapConfig(registry);
  }

  /** A majority of {@code members} configured members (itself included): 1 of 1, 2 of 2 or 3, 3 of 4 or 5. */
  public static int majority(int members) {
    return Math.max(1, members) / 2 + 1;
  }
}
