package dev.plat.controller.impl;

import dev.plat.controller.FunctionRecord;
import dev.plat.controller.RegistryStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry in {@code <dir>/functions.json}: {@code {"format":1,"functions":[record...]}}, plus
 * {@code "revision"} when it mirrors the cluster's registry ({@link RegistryMirror}).
 * A save writes {@code functions.json.tmp}, fsyncs it, renames it over the file and fsyncs the
 * folder, so the file always holds a complete old or new content. Blocking IO runs in ordered
 * {@code executeBlocking}: saves from one context happen one after another.
 */
final class FileRegistryStore implements RegistryStore {
  static final String FILE = "functions.json";
  static final String TEMP = FILE + ".tmp";
  private static final int FORMAT = 1;

  private final Vertx vertx;
  private final Path dir;

  public FileRegistryStore(Vertx vertx, Path dir) {
    this.vertx = vertx;
    this.dir = dir;
  }

  @Override
  public Future<List<FunctionRecord>> load() {
    return vertx.executeBlocking(this::loadBlocking, true);
  }

  /** The records and the revision of the file ({@link Snapshot#NONE} when there is no file, 0 when it has no revision). */
  public Future<Snapshot> loadSnapshot() {
    return vertx.executeBlocking(this::readBlocking, true);
  }

  @Override
  public Future<Void> save(List<FunctionRecord> records) {
    return save(records, 0);
  }

  /** {@link #save(List)} with the cluster registry's revision of {@code records}. */
  public Future<Void> save(List<FunctionRecord> records, long revision) {
    return vertx.executeBlocking(() -> {
      byte[] bytes = encode(records, revision);
      writeTemp(bytes);
      commit();
      return null;
    }, true);
  }

  List<FunctionRecord> loadBlocking() throws IOException {
    return readBlocking().records();
  }

  Snapshot readBlocking() throws IOException {
    Files.deleteIfExists(dir.resolve(TEMP));
    Path file = dir.resolve(FILE);
    if (!Files.exists(file)) {
      return new Snapshot(List.of(), Snapshot.NONE);
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    try {
      JsonObject json = new JsonObject(text);
      JsonArray functions = json.getJsonArray("functions", new JsonArray());
      List<FunctionRecord> records = new ArrayList<>();
      for (int i = 0; i < functions.size(); i++) {
        records.add(new FunctionRecord(functions.getJsonObject(i)));
      }
      return new Snapshot(records, json.getLong("revision", 0L));
    } catch (RuntimeException e) {
      throw new IOException("the function registry " + file + " is not valid JSON (" + e.getMessage()
        + "); fix or move it away", e);
    }
  }

  /** Step 1 of a save: the new content in the temp file, on disk. */
  void writeTemp(byte[] bytes) throws IOException {
    Files.createDirectories(dir);
    try (FileChannel ch = FileChannel.open(dir.resolve(TEMP), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        ch.write(buffer);
      }
      ch.force(true);
    }
  }

  /** Step 2 of a save: the temp file replaces the file atomically, and the rename is on disk. */
  void commit() throws IOException {
    Files.move(dir.resolve(TEMP), dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE,
      StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  static byte[] encode(List<FunctionRecord> records) {
    return encode(records, 0);
  }

  static byte[] encode(List<FunctionRecord> records, long revision) {
    JsonArray functions = new JsonArray();
    records.forEach(r -> functions.add(r.toJson()));
    JsonObject json = new JsonObject().put("format", FORMAT);
    if (revision > 0) {
      json.put("revision", revision);
    }
    return json.put("functions", functions).encodePrettily().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A registry file's content.
   *
   * @param records  the functions
   * @param revision the cluster registry's revision it holds; 0 when the file has none, {@link #NONE} when there is no file
   */
  public record Snapshot(List<FunctionRecord> records, long revision) {
    /** The revision of a registry that was never saved. */
    public static final long NONE = -1;
  }
}
