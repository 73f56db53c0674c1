package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.api.FunctionSpec;
import dev.plat.controller.FunctionRecord;
import dev.plat.controller.RegistryStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRegistryStoreTest {
  private final Vertx vertx = Vertx.vertx();

  @TempDir
  Path dataDir;

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static FunctionRecord record(String name, long version) {
    return new FunctionRecord(new FunctionSpec(name, "python-flask", version, "img:" + version, "sha256:" + version,
      Map.of("K", "v"), null, null, "p", "s", true, null, List.of("a.example.com"), 10, 20), FunctionRecord.Desired.RUNNING);
  }

  private FileRegistryStore store() {
    return new FileRegistryStore(vertx, dataDir.resolve("registry"));
  }

  @Test
  void whatIsSavedIsLoadedBackAsIs() throws Exception {
    List<FunctionRecord> records = List.of(record("a", 1), record("b", 7).withDesired(FunctionRecord.Desired.STOPPED));
    await(RegistryStore.file(vertx, dataDir).save(records));

    assertEquals(records, await(RegistryStore.file(vertx, dataDir).load()));
    assertTrue(Files.exists(dataDir.resolve("registry/functions.json")));
    assertFalse(Files.exists(dataDir.resolve("registry/functions.json.tmp")));
  }

  @Test
  void aSnapshotCarriesTheRevisionItWasSavedWith() throws Exception {
    assertEquals(FileRegistryStore.Snapshot.NONE, await(store().loadSnapshot()).revision());
    await(store().save(List.of(record("a", 1))));
    assertEquals(0, await(store().loadSnapshot()).revision());
    await(store().save(List.of(record("a", 2)), 12));
    assertEquals(new FileRegistryStore.Snapshot(List.of(record("a", 2)), 12), await(store().loadSnapshot()));
    assertEquals(List.of(record("a", 2)), await(store().load()));
  }

  @Test
  void nothingSavedLoadsEmpty() throws Exception {
    assertEquals(List.of(), await(store().load()));
  }

  @Test
  void aCrashBetweenTheTempWriteAndTheRenameLeavesTheOldState() throws Exception {
    FileRegistryStore store = store();
    await(store.save(List.of(record("a", 1))));

    store.writeTemp(FileRegistryStore.encode(List.of(record("a", 2), record("b", 1)))); // then "kill -9"

    assertEquals(List.of(record("a", 1)), await(store().load()));
    assertFalse(Files.exists(dataDir.resolve("registry/functions.json.tmp")), "the leftover temp file is deleted");
  }

  @Test
  void aCorruptTempFileIsIgnoredAndCleaned() throws Exception {
    await(store().save(List.of(record("a", 1))));
    Files.writeString(dataDir.resolve("registry/functions.json.tmp"), "{\"format\":1,\"functions\":[{\"spe");

    assertEquals(List.of(record("a", 1)), await(store().load()));
    assertFalse(Files.exists(dataDir.resolve("registry/functions.json.tmp")));
  }

  @Test
  void aCorruptRegistryFileStopsTheLoadWithItsPath() throws Exception {
    Files.createDirectories(dataDir.resolve("registry"));
    Files.writeString(dataDir.resolve("registry/functions.json"), "not json", StandardCharsets.UTF_8);

    Exception e = assertThrows(Exception.class, () -> await(store().load()));
    assertTrue(e.getMessage().contains("functions.json"), e.getMessage());
  }

  @Test
  void theFileIsReadableJsonWithEveryField() throws Exception {
    await(store().save(List.of(record("a", 3))));
    JsonObject file = new JsonObject(Files.readString(dataDir.resolve("registry/functions.json")));
    JsonObject spec = file.getJsonArray("functions").getJsonObject(0).getJsonObject("spec");
    assertEquals(1, file.getInteger("format"));
    assertEquals("img:3", spec.getString("image"));
    assertEquals("running", file.getJsonArray("functions").getJsonObject(0).getString("desired"));
  }

  @Test
  void manyQuickChangesEndWithTheLastOneOnDisk() throws Exception {
    Registry registry = new Registry(store());
    List<Future<Void>> saves = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      saves.add(registry.put(record("f" + (i % 3), i)));
    }
    await(Future.all(saves));

    List<FunctionRecord> loaded = await(store().load());
    assertEquals(List.of(record("f0", 30), record("f1", 28), record("f2", 29)), loaded);
  }
}
