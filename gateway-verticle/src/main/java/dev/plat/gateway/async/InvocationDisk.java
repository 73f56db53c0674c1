package dev.plat.gateway.async;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node's disk copy of the invocation map, in {@code <dataDir>/invocations/<id>.json}, written
 * the way the registry file is (temp file, fsync, atomic rename, fsync of the folder), so a whole
 * cluster restart finds every acknowledged invocation. Writes run one at a time on a thread of
 * their own, in the order asked; a write older than the revision already on disk is skipped, so
 * events arriving out of order never put an old state back.
 */
final class InvocationDisk implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(InvocationDisk.class.getName());
  private static final String SUFFIX = ".json";
  /** Written in place of a revision once the record is deleted: no later write brings it back. */
  private static final long DELETED = Long.MAX_VALUE;

  private final Path dir;
  private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "plat-invocation-disk");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Long> written = new ConcurrentHashMap<>();

  InvocationDisk(Path dir) {
    this.dir = dir;
  }

  /** Writes {@code invocation} unless a newer revision is on disk; completes once it is (or was). */
  Future<Void> write(AsyncInvocation invocation) {
    return run(() -> {
      Long current = written.get(invocation.id());
      if (current != null && current >= invocation.rev()) {
        return;
      }
      writeFile(invocation);
      written.put(invocation.id(), invocation.rev());
    });
  }

  /** Deletes the copy of {@code id} (the record expired or was removed). */
  Future<Void> delete(String id) {
    return run(() -> {
      Files.deleteIfExists(file(id));
      written.put(id, DELETED);
    });
  }

  /** Every record on disk; unreadable files are logged and moved aside. Blocking: call off the event loop. */
  List<AsyncInvocation> loadBlocking() throws IOException {
    List<AsyncInvocation> records = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return records;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path file : files) {
        try {
          AsyncInvocation invocation = new AsyncInvocation(new JsonObject(Files.readString(file, StandardCharsets.UTF_8)));
          records.add(invocation);
          written.merge(invocation.id(), invocation.rev(), Math::max);
        } catch (RuntimeException e) {
          LOG.warning(() -> "unreadable invocation file " + file + " moved aside: " + e.getMessage());
          Files.move(file, file.resolveSibling(file.getFileName() + ".bad"), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return records;
  }

  private void writeFile(AsyncInvocation invocation) throws IOException {
    Files.createDirectories(dir);
    Path temp = dir.resolve(invocation.id() + SUFFIX + ".tmp");
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buffer = ByteBuffer.wrap(invocation.encode().getBytes(StandardCharsets.UTF_8));
      while (buffer.hasRemaining()) {
        ch.write(buffer);
      }
      ch.force(true);
    }
    Files.move(temp, file(invocation.id()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  private Path file(String id) {
    return dir.resolve(id + SUFFIX);
  }

  private Future<Void> run(IoAction action) {
    Promise<Void> done = Promise.promise();
    // the caller's context gets the outcome; a Hazelcast listener thread has none and waits for nothing
    Context context = Vertx.currentContext();
    writer.execute(() -> {
      try {
        action.run();
        complete(context, () -> done.complete());
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.WARNING, "invocation disk copy failed", e);
        complete(context, () -> done.fail(e));
      }
    });
    return done.future();
  }

  private static void complete(Context context, Runnable outcome) {
    if (context == null) {
      outcome.run();
    } else {
      context.runOnContext(v -> outcome.run());
    }
  }

  @Override
  public void close() {
    writer.shutdown();
  }

  private interface IoAction {
    void run() throws IOException;
  }
}
