package dev.plat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FolderWatch} on a real folder: one report per burst of saves, ignored files left out. */
class FolderWatchTest {
  /** Long enough that three saves in a row on a loaded machine are one burst; no latency is measured here. */
  private static final Duration QUIET = Duration.ofSeconds(2);

  @TempDir
  Path dir;

  @Test
  void a_burst_of_saves_is_one_change_with_every_path() throws Exception {
    Files.createDirectories(dir.resolve("lib"));
    try (FolderWatch watch = FolderWatch.open(dir)) {
      CompletableFuture<FolderWatch.Change> next = CompletableFuture.supplyAsync(() -> next(watch));
      Files.writeString(dir.resolve("handler.py"), "v1");
      Files.writeString(dir.resolve("lib/util.py"), "u");
      Files.writeString(dir.resolve("handler.py"), "v2");
      FolderWatch.Change change = next.get(30, TimeUnit.SECONDS);
      assertEquals(Set.of("handler.py", "lib/util.py"), change.paths());
      assertTrue(change.firstSeenNanos() <= System.nanoTime());
    }
  }

  @Test
  void changes_to_ignored_files_alone_are_not_reported_and_new_folders_are_watched() throws Exception {
    Files.writeString(dir.resolve(".platignore"), "*.log\n");
    try (FolderWatch watch = FolderWatch.open(dir)) {
      CompletableFuture<FolderWatch.Change> next = CompletableFuture.supplyAsync(() -> next(watch));
      Files.writeString(dir.resolve("debug.log"), "noise");
      Files.createDirectories(dir.resolve("pkg"));
      FolderWatch.Change first = next.get(30, TimeUnit.SECONDS);
      assertEquals(Set.of("pkg"), first.paths(), "the log file is ignored");

      CompletableFuture<FolderWatch.Change> second = CompletableFuture.supplyAsync(() -> next(watch));
      Files.writeString(dir.resolve("pkg/mod.py"), "m");
      assertEquals(Set.of("pkg/mod.py"), second.get(30, TimeUnit.SECONDS).paths(), "a folder made after the start is watched");
    }
  }

  private static FolderWatch.Change next(FolderWatch watch) {
    try {
      return watch.next(QUIET);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
