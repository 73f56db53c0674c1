package dev.plat.gateway.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class UploadStoreTest {

  @Test
  void clearDeletesUploadsLeftFromBeforeThisProcessAndKeepsNewerOnes(Vertx vertx, @TempDir Path dir) throws Exception {
    Path stale = Files.writeString(dir.resolve("stale.zip"), "left by a crash");
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minusSeconds(24 * 3600)));
    Path fresh = Files.writeString(dir.resolve("fresh.zip"), "being received");
    new UploadStore(vertx, dir, 1024).clear().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertFalse(Files.exists(stale));
    assertTrue(Files.exists(fresh));
  }

  @Test
  void clearOfAMissingFolderSucceeds(Vertx vertx, @TempDir Path dir) throws Exception {
    new UploadStore(vertx, dir.resolve("none"), 1024).clear().toCompletionStage().toCompletableFuture()
      .get(10, TimeUnit.SECONDS);
  }
}
