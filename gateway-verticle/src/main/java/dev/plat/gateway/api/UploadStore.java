package dev.plat.gateway.api;

import dev.plat.cluster.api.PlatError;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The uploads folder: request bodies streamed to {@code <uuid>.zip} files with back-pressure,
 * each {@code <uuid>} an upload id this node issued (kept in a map shared by the gateway
 * instances of the node, so the one that serves it to a builder need not be the one that got it),
 * hashed (SHA-256) as they flow and cut off at a size limit. A file is never left behind by a
 * failed or refused upload.
 */
public class UploadStore {
  private static final Logger LOG = Logger.getLogger(UploadStore.class.getName());
  /** The node-local map of issued upload ids to their files. */
  static final String ISSUED = "plat.gateway.uploads";
  private static final java.util.regex.Pattern ID =
    java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private final Vertx vertx;
  private final Path dir;
  private final long maxBytes;

  public UploadStore(Vertx vertx, Path dir, long maxBytes) {
    this.vertx = vertx;
    this.dir = dir;
    this.maxBytes = maxBytes;
  }

  public Path dir() {
    return dir;
  }

  /** The id of the upload at {@code path} (its file name without {@code .zip}). */
  public static String idOf(String path) {
    String name = Path.of(path).getFileName().toString();
    return name.endsWith(".zip") ? name.substring(0, name.length() - 4) : name;
  }

  /**
   * The file of an upload this node issued and still holds, or {@code null} for anything else: an
   * id not of the form this store makes (no path can be named), unknown, or already discarded.
   */
  public String issued(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      return null;
    }
    Object path = issuedMap().get(id);
    return path instanceof String p ? p : null;
  }

  /** Forgets an upload id without deleting its file (a builder on this node now owns the file). */
  public void release(String path) {
    issuedMap().remove(idOf(path));
  }

  private io.vertx.core.shareddata.LocalMap<String, String> issuedMap() {
    return vertx.sharedData().getLocalMap(ISSUED);
  }

  public long maxBytes() {
    return maxBytes;
  }

  /** The 413 {@code payload_too_large} error. */
  public PlatError tooLarge() {
    return new PlatError(413, "payload_too_large", "the upload is larger than the limit of " + maxBytes + " bytes");
  }

  /**
   * Streams {@code source} (a request body or a multipart part, not yet read; it is paused here
   * until the file is open) to a new file.
   *
   * @return the spooled upload; fails with 413 {@code payload_too_large} when the body passes the
   *         limit (the rest of the body is then read and dropped), 400 {@code upload_interrupted}
   *         when the client goes away, 500 {@code upload_failed} when the file cannot be written
   */
  public Future<Upload> receive(ReadStream<Buffer> request) {
    request.pause();
    String path = dir.resolve(UUID.randomUUID() + ".zip").toString();
    return vertx.fileSystem().mkdirs(dir.toString())
      .compose(v -> vertx.fileSystem().open(path, new OpenOptions().setCreateNew(true).setWrite(true)))
      .recover(err -> {
        request.resume();
        return Future.failedFuture(new PlatError(500, "upload_failed", "cannot store the upload: " + err.getMessage()));
      })
      .compose(file -> {
        Promise<Upload> promise = Promise.promise();
        new Spool(request, file, path, promise).start();
        return promise.future();
      });
  }

  /** Hashes a file already in the uploads folder (a multipart part), off the event loop. */
  public Future<Upload> adopt(String path) {
    return vertx.executeBlocking(() -> {
      MessageDigest digest = sha256();
      long size = 0;
      byte[] chunk = new byte[64 * 1024];
      try (InputStream in = Files.newInputStream(Path.of(path))) {
        for (int n; (n = in.read(chunk)) > 0; ) {
          digest.update(chunk, 0, n);
          size += n;
        }
      }
      return new Upload(path, HexFormat.of().formatHex(digest.digest()), size);
    }, false);
  }

  /**
   * Deletes the uploads left in the folder from before this process started (a crash mid-deploy),
   * so they do not pile up. Called at start. Never fails.
   */
  public Future<Void> clear() {
    long started = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
    return vertx.fileSystem().exists(dir.toString())
      .compose(exists -> exists ? vertx.fileSystem().readDir(dir.toString()) : Future.succeededFuture(List.<String>of()))
      .compose(files -> Future.join(files.stream().map(file -> vertx.fileSystem().props(file)
        .compose(props -> props.lastModifiedTime() < started ? discard(file) : Future.succeededFuture())).toList()))
      .<Void>mapEmpty()
      .otherwise(err -> {
        LOG.log(Level.WARNING, "cannot clear uploads in " + dir, err);
        return null;
      });
  }

  /** Deletes a file (and forgets its id), logging (not failing) when it cannot. */
  public Future<Void> discard(String path) {
    issuedMap().remove(idOf(path));
    return vertx.fileSystem().delete(path).recover(err -> {
      if (!(err instanceof java.nio.file.NoSuchFileException) && !(err.getCause() instanceof java.nio.file.NoSuchFileException)) {
        LOG.log(Level.WARNING, "cannot delete upload " + path, err);
      }
      return Future.succeededFuture();
    });
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One body being copied to one file. */
  private final class Spool {
    private final ReadStream<Buffer> request;
    private final AsyncFile file;
    private final String path;
    private final Promise<Upload> promise;
    private final MessageDigest digest = sha256();
    private long size;
    private boolean finished;

    Spool(ReadStream<Buffer> request, AsyncFile file, String path, Promise<Upload> promise) {
      this.request = request;
      this.file = file;
      this.path = path;
      this.promise = promise;
    }

    void start() {
      file.exceptionHandler(err -> abort(new PlatError(500, "upload_failed", "cannot write the upload: " + err.getMessage())));
      file.drainHandler(v -> request.resume());
      request.exceptionHandler(err -> abort(new PlatError(400, "upload_interrupted", "the upload was interrupted: " + err.getMessage())));
      request.handler(chunk -> {
        if (finished) {
          return; // refused: the rest of the body is dropped
        }
        size += chunk.length();
        if (size > maxBytes) {
          abort(tooLarge());
          return;
        }
        digest.update(chunk.getBytes());
        file.write(chunk);
        if (file.writeQueueFull()) {
          request.pause();
        }
      });
      request.endHandler(v -> {
        if (finished) {
          return;
        }
        finished = true;
        file.close().onComplete(closed -> {
          if (closed.succeeded()) {
            issuedMap().put(idOf(path), path);
            promise.complete(new Upload(path, HexFormat.of().formatHex(digest.digest()), size));
          } else {
            discard(path).onComplete(d -> promise.fail(new PlatError(500, "upload_failed", "cannot write the upload: " + closed.cause().getMessage())));
          }
        });
      });
      request.resume();
    }

    private void abort(PlatError err) {
      if (finished) {
        return;
      }
      finished = true;
      request.resume();
      file.close().eventually(() -> discard(path)).onComplete(v -> promise.fail(err));
    }
  }
}
