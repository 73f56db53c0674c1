package dev.plat.controller;

import dev.plat.controller.impl.FileRegistryStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;

/**
 * Durable storage of the registry. A save replaces the whole content atomically: after a crash
 * at any moment a load yields the previous or the new content, never a mix or a torn file.
 */
public interface RegistryStore {

  /**
   * The store in {@code <dataDir>/registry/functions.json}: written to a temp file, fsynced,
   * renamed over the old file, then the folder fsynced; all off the event loop, one write at a time.
   */
  static RegistryStore file(Vertx vertx, Path dataDir) {
    return new FileRegistryStore(vertx, dataDir.resolve("registry"));
  }

  /** Reads every record; empty when nothing was ever saved. A leftover temp file is ignored and deleted. */
  Future<List<FunctionRecord>> load();

  /** Replaces the stored content with {@code records}; completes once it is on disk. */
  Future<Void> save(List<FunctionRecord> records);
}
