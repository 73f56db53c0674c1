package dev.plat.cli;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Saved changes in a function's folder, for {@code plat deploy --watch}: every folder of the tree
 * that {@code .platignore} keeps (read again at each change, as the zip does) is watched; a change
 * is reported once the folder has been quiet for a moment, so that an editor's save (a temporary
 * file, a rename, a write) or a {@code git checkout} is one change, not many.
 */
final class FolderWatch implements AutoCloseable {
  private final Path root;
  private final WatchService service;
  private final Map<WatchKey, Path> folders = new HashMap<>();

  private FolderWatch(Path root, WatchService service) {
    this.root = root;
    this.service = service;
  }

  /** Watches {@code root} and its kept sub-folders. */
  static FolderWatch open(Path root) throws IOException {
    Path real = root.toRealPath();
    FolderWatch watch = new FolderWatch(real, real.getFileSystem().newWatchService());
    try {
      watch.register(real);
    } catch (IOException | RuntimeException e) {
      watch.close();
      throw e;
    }
    return watch;
  }

  /**
   * One change: the paths that changed (relative to the folder, sorted; {@code "."} when events
   * were lost) and when the first of them was seen ({@link System#nanoTime()}).
   */
  record Change(TreeSet<String> paths, long firstSeenNanos) {
  }

  /**
   * Waits for a change, then until nothing more changed for {@code quiet}. Changes to ignored
   * files alone are not reported.
   *
   * @throws InterruptedException when the thread is interrupted (the watch ends)
   */
  Change next(Duration quiet) throws InterruptedException, IOException {
    TreeSet<String> changed = new TreeSet<>();
    long first = 0;
    while (changed.isEmpty()) {
      WatchKey key = take();
      first = System.nanoTime();
      collect(key, changed);
      WatchKey more;
      while ((more = service.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
        collect(more, changed);
      }
    }
    return new Change(changed, first);
  }

  private WatchKey take() throws InterruptedException {
    try {
      return service.take();
    } catch (ClosedWatchServiceException e) {
      throw new InterruptedException("the watch is closed");
    }
  }

  private void collect(WatchKey key, TreeSet<String> changed) throws IOException {
    Path folder = folders.get(key);
    PlatIgnore ignore = PlatIgnore.load(root);
    for (WatchEvent<?> event : key.pollEvents()) {
      if (folder == null || event.kind() == StandardWatchEventKinds.OVERFLOW) {
        changed.add(".");  // events were lost: the whole folder counts as changed
        continue;
      }
      Path path = folder.resolve((Path) event.context());
      boolean isDir = Files.isDirectory(path);
      String name = FunctionZipper.name(root, path);
      if (ignore.isIgnored(name, isDir)) {
        continue;
      }
      if (isDir && event.kind() == StandardWatchEventKinds.ENTRY_CREATE) {
        register(path);
      }
      changed.add(name);
    }
    if (!key.reset()) {
      folders.remove(key);
    }
  }

  private void register(Path start) throws IOException {
    PlatIgnore ignore = PlatIgnore.load(root);
    Files.walkFileTree(start, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        if (!dir.equals(root) && ignore.isIgnored(FunctionZipper.name(root, dir), true)) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        folders.put(dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
          StandardWatchEventKinds.ENTRY_DELETE), dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  @Override
  public void close() throws IOException {
    service.close();
  }
}
