package dev.plat.cluster;

import dev.plat.cluster.api.FunctionSpec;
import dev.plat.cluster.api.TrafficSplit;
import dev.plat.cluster.impl.HazelcastFunctionDirectory;
import dev.plat.cluster.impl.InMemoryFunctionDirectory;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the gateway must know of every function on its hot path, replicated to every node: whether
 * invoking it needs a token, and the hosts that serve it ({@code {project}-{service}.{baseDomain}},
 * the same under {@code localhost}, and its custom domains). The controller writes it; lookups
 * read a local snapshot and never leave the JVM.
 */
public interface FunctionDirectory {

  /** Opens the directory on the Hazelcast {@code ReplicatedMap} {@link Names.Hz#FUNCTIONS}. */
  static Future<FunctionDirectory> hazelcast(Vertx vertx, HazelcastInstance hazelcast) {
    return HazelcastFunctionDirectory.create(vertx, hazelcast);
  }

  /** A directory held in this JVM only, for tests. */
  static FunctionDirectory inMemory() {
    return new InMemoryFunctionDirectory();
  }

  /** Adds or replaces the entry of {@code spec.name()}. */
  Future<Void> put(Entry entry);

  /** Removes the entry of a function. */
  Future<Void> remove(String name);

  /** The entry of a function, or {@code null}. Never blocks. */
  Entry byName(String name);

  /** The entry serving {@code host} (lower case, without port), or {@code null}. Never blocks. */
  Entry byHost(String host);

  /**
   * The traffic splits of the functions that have one (function name to split); an empty map (the
   * same one) while none has. Never blocks: the proxy reads it per request.
   */
  default Map<String, TrafficSplit> splits() {
    return Map.of();
  }

  /**
   * One function as the gateway sees it.
   *
   * @param name     the function name
   * @param isPublic whether invoking needs no token
   * @param hosts    the lower-case host names that serve it
   * @param version  its current version (0: unknown)
   * @param split    how its invocations are shared among its versions; {@code null}: all to the current one
   */
  record Entry(String name, boolean isPublic, List<String> hosts, long version, TrafficSplit split) {
    public Entry {
      hosts = List.copyOf(hosts);
    }

    /** An entry of no known version and no split. */
    public Entry(String name, boolean isPublic, List<String> hosts) {
      this(name, isPublic, hosts, 0, null);
    }

    public Entry(JsonObject json) {
      this(json.getString("name"), json.getBoolean("public", false),
        json.getJsonArray("hosts", new JsonArray()).stream().map(String::valueOf).toList(),
        json.getLong("version", 0L), TrafficSplit.fromJson(json.getString("name"), json.getLong("version", 0L),
          json.getJsonObject("traffic")));
    }

    /** This entry with its current version and split ({@code null} or all to the current one: none). */
    public Entry withTraffic(long current, TrafficSplit split) {
      return new Entry(name, isPublic, hosts, current, split == null || split.isAllCurrent() ? null : split);
    }

    /** The entry of a function spec: its public URL hosts under {@code baseDomain} and localhost, and its domains. */
    public static Entry of(FunctionSpec spec, String baseDomain) {
      List<String> hosts = new ArrayList<>();
      if (spec.project() != null && spec.service() != null) {
        String label = spec.project() + "-" + spec.service();
        hosts.add(label + "." + baseDomain);
        hosts.add(label + ".localhost");
      }
      spec.domains().forEach(d -> hosts.add(d.toLowerCase(Locale.ROOT)));
      return new Entry(spec.name(), spec.isPublic(), hosts);
    }

    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("name", name).put("public", isPublic).put("hosts", new JsonArray(hosts));
      if (version > 0) {
        json.put("version", version);
      }
      if (split != null) {
        json.put("traffic", split.toJson());
      }
      return json;
    }
  }
}
