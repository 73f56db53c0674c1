package dev.plat.controller;

import com.hazelcast.core.HazelcastInstance;
import dev.plat.controller.impl.ControllerParts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Durable storage of the secrets, as the registry is stored ({@link RegistryStore}): secret name
 * to its record's JSON text, every value in it sealed ({@code SecretCipher}): no plain value is
 * ever stored. A save replaces the whole content atomically.
 */
public interface SecretStore {

  /** The store in {@code <dataDir>/secrets/secrets.json}: temp file, fsync, rename, folder fsync; off the event loop. */
  static SecretStore file(Vertx vertx, Path dataDir) {
    return ControllerParts.secretFileStore(vertx, dataDir.resolve("secrets"));
  }

  /**
   * The store of a clustered controller: the entry {@code secrets} of the registry map {@code
   * plat-registry} (one synchronous backup, writes need a majority), fenced writes of the
   * difference ({@code RegistryWrite}) under {@code fencingToken}. Every controller member keeps a
   * copy in its {@code <dataDir>/secrets/secrets.json} with the cluster's revision (its registry
   * mirror); after a whole-cluster restart the entry is seeded from the newest copy offered.
   */
  static SecretStore hazelcast(Vertx vertx, HazelcastInstance hz, Path dataDir, LongSupplier fencingToken) {
    return ControllerParts.secretHazelcastStore(vertx, hz, dataDir, fencingToken);
  }

  /**
   * The credentials stored for a registry host ({@code plat registry login}), opened on this node
   * with its secrets key: {@code {"username","password","serveraddress"}} for {@code X-Registry-Auth},
   * {@code null} when none is stored. Reads the cluster's secrets entry ({@code hz}) or, alone
   * ({@code hz} null), the data folder's secrets file; for the pulls and pushes of this node.
   */
  static java.util.function.Function<String, Future<io.vertx.core.json.JsonObject>> registryLogins(Vertx vertx,
      dev.plat.cluster.PlatConfig config, HazelcastInstance hz) {
    return ControllerParts.registryLogins(vertx, config, hz);
  }

  /** Reads every secret: name to record JSON text; empty when nothing was saved. */
  Future<Map<String, String>> load();

  /** Replaces the stored content with {@code records}; completes once it is durable. */
  Future<Void> save(Map<String, String> records);
}
