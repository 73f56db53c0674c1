package dev.plat.controller.impl;

import dev.plat.controller.SecretStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;

/**
 * The secrets in {@code <dir>/secrets.json} (mode 0600): {@code {"format":1,"revision":n,"secrets":{name:record}}},
 * each record's values sealed. Written like {@link FileRegistryStore}: temp file, fsync, atomic
 * rename, folder fsync, in ordered {@code executeBlocking}.
 */
final class FileSecretStore implements SecretStore {
  static final String FILE = "secrets.json";
  private static final String TEMP = FILE + ".tmp";

  private final Vertx vertx;
  private final Path dir;

  FileSecretStore(Vertx vertx, Path dir) {
    this.vertx = vertx;
    this.dir = dir;
  }

  @Override
  public Future<Map<String, String>> load() {
    return loadSnapshot().map(Snapshot::records);
  }

  /** The records and the revision of the file ({@code -1} when there is no file). */
  Future<Snapshot> loadSnapshot() {
    return vertx.executeBlocking(this::read, true);
  }

  @Override
  public Future<Void> save(Map<String, String> records) {
    return save(records, 0);
  }

  Future<Void> save(Map<String, String> records, long revision) {
    Map<String, String> copy = new TreeMap<>(records);
    return vertx.executeBlocking(() -> {
      write(copy, revision);
      return null;
    }, true);
  }

  private Snapshot read() throws IOException {
    Files.deleteIfExists(dir.resolve(TEMP));
    Path file = dir.resolve(FILE);
    if (!Files.exists(file)) {
      return new Snapshot(Map.of(), -1);
    }
    try {
      JsonObject json = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
      Map<String, String> records = new TreeMap<>();
      json.getJsonObject("secrets", new JsonObject()).forEach(e -> records.put(e.getKey(), ((JsonObject) e.getValue()).encode()));
      return new Snapshot(records, json.getLong("revision", 0L));
    } catch (RuntimeException e) {
      throw new IOException("the secrets file " + file + " is not valid JSON; fix or move it away", e);
    }
  }

  private void write(Map<String, String> records, long revision) throws IOException {
    JsonObject secrets = new JsonObject();
    records.forEach((name, text) -> secrets.put(name, new JsonObject(text)));
    byte[] bytes = new JsonObject().put("format", 1).put("revision", revision).put("secrets", secrets)
      .encodePrettily().getBytes(StandardCharsets.UTF_8);
    Files.createDirectories(dir);
    Path temp = dir.resolve(TEMP);
    Files.deleteIfExists(temp);
    Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        ch.write(buffer);
      }
      ch.force(true);
    }
    Files.move(temp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /** A secrets file's content and the cluster revision it holds (0: none, -1: no file). */
  record Snapshot(Map<String, String> records, long revision) {
  }
}
