package dev.plat.node;

import dev.plat.cluster.PlatConfig;
import dev.plat.cluster.Role;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.CopyOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * {@code <dataDir>/ports.json}: the ports a started node listens on, {@code {"http", "proxy",
 * "cluster"}} (a key per listener of its roles; the cluster port always). Written once every role
 * has started, replacing the file of an earlier start in one rename, so a reader never sees half
 * of it. The way to learn the ports of a node started with port 0.
 */
final class PortsFile {
  /** The file's name in the data dir. */
  static final String NAME = "ports.json";

  private PortsFile() {
  }

  /** The file's content for {@code bound}, the configuration with the ports actually bound. */
  static JsonObject ports(PlatConfig bound) {
    JsonObject ports = new JsonObject();
    if (bound.hasRole(Role.GATEWAY)) {
      ports.put("http", bound.httpPort());
    }
    if (bound.hasRole(Role.PROXY)) {
      ports.put("proxy", bound.proxyPort());
    }
    return ports.put("cluster", bound.clusterPort());
  }

  /** Writes the file into {@code bound}'s data dir (a temporary file, then an atomic rename). */
  static Future<Void> write(Vertx vertx, PlatConfig bound) {
    Path file = bound.dataDir().resolve(NAME);
    String temporary = file.resolveSibling(NAME + ".tmp").toString();
    return vertx.fileSystem().mkdirs(bound.dataDir().toString())
      .compose(v -> vertx.fileSystem().writeFile(temporary, ports(bound).toBuffer()))
      .compose(v -> vertx.fileSystem().move(temporary, file.toString(),
        new CopyOptions().setReplaceExisting(true).setAtomicMove(true)));
  }
}
