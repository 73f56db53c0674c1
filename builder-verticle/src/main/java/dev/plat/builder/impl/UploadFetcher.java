package dev.plat.builder.impl;

import dev.plat.cluster.ClusterSecret;
import dev.plat.cluster.Names;
import dev.plat.cluster.api.PlatError;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Streams a deploy's zip from the gateway that received it on another node
 * ({@code GET <url>}, {@link Names.NodePath#UPLOADS}, with the cluster secret in
 * {@link Names.Header#CLUSTER_AUTH}) into a new {@code <uuid>.zip} under {@code dir}, with
 * back-pressure, at most {@code maxBytes}, and checks its SHA-256 against the one the gateway
 * computed. Never holds the body in memory; on any failure nothing is left behind.
 *
 * <p>Failures: 413 {@code payload_too_large} past the limit, 400 {@code upload_missing} when the
 * gateway no longer has it (404), 502 {@code upload_unreachable} for any other answer or a broken
 * transfer, 400 {@code upload_corrupt} when the hash differs.
 */
public final class UploadFetcher {
  static final long CONNECT_TIMEOUT_MS = 10_000;
  static final long IDLE_TIMEOUT_MS = 60_000;

  private final Vertx vertx;
  private final HttpClient client;
  private final ClusterSecret secret;
  private final Path dir;
  private final long maxBytes;

  public UploadFetcher(Vertx vertx, HttpClient client, ClusterSecret secret, Path dir, long maxBytes) {
    this.vertx = vertx;
    this.client = client;
    this.secret = secret;
    this.dir = dir;
    this.maxBytes = maxBytes;
  }

  /** Fetches {@code url}; @return the local copy, which the caller then owns. */
  public Future<Path> fetch(String url, String sha256) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
      .setConnectTimeout(CONNECT_TIMEOUT_MS).setIdleTimeout(IDLE_TIMEOUT_MS);
    if (secret != null) {
      options.putHeader(Names.Header.CLUSTER_AUTH, secret.headerValue());
    }
    Path target = dir.resolve(UUID.randomUUID() + ".zip");
    return vertx.fileSystem().mkdirs(dir.toString())
      .compose(v -> client.request(options))
      .compose(request -> request.send())
      .recover(err -> Future.failedFuture(unreachable(url, err.getMessage())))
      .compose(response -> {
        if (response.statusCode() != 200) {
          return refused(url, response);
        }
        String length = response.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && parse(length) > maxBytes) {
          response.request().reset();
          return Future.failedFuture(tooLarge());
        }
        response.pause();
        return vertx.fileSystem().open(target.toString(), new OpenOptions().setCreateNew(true).setWrite(true))
          .recover(err -> {
            response.request().reset();
            return Future.failedFuture(err);
          })
          .compose(file -> copy(response, file, target, sha256));
      });
  }

  private Future<Path> copy(HttpClientResponse response, AsyncFile file, Path target, String sha256) {
    Promise<Path> done = Promise.promise();
    MessageDigest digest = sha256();
    long[] size = {0};
    response.handler(chunk -> {
      if (done.future().isComplete()) {
        return;
      }
      size[0] += chunk.length();
      if (size[0] > maxBytes) {
        response.request().reset();
        fail(done, file, target, tooLarge());
        return;
      }
      digest.update(chunk.getBytes());
      file.write(chunk);
      if (file.writeQueueFull()) {
        response.pause();
        file.drainHandler(v -> response.resume());
      }
    });
    response.exceptionHandler(err -> fail(done, file, target, unreachable(response.request().absoluteURI(), err.getMessage())));
    file.exceptionHandler(err -> {
      response.request().reset();
      fail(done, file, target, new PlatError(500, "upload_failed", "cannot store the upload: " + err.getMessage()));
    });
    response.endHandler(v -> {
      if (done.future().isComplete()) {
        return;
      }
      String hash = HexFormat.of().formatHex(digest.digest());
      file.close().onComplete(closed -> {
        if (closed.failed()) {
          fail(done, null, target, new PlatError(500, "upload_failed", "cannot store the upload: " + closed.cause().getMessage()));
        } else if (sha256 != null && !sha256.equalsIgnoreCase(hash)) {
          fail(done, null, target, PlatError.badRequest("upload_corrupt",
            "the upload fetched from the gateway does not have the SHA-256 it had when received"));
        } else {
          done.tryComplete(target);
        }
      });
    });
    response.resume();
    return done.future();
  }

  private void fail(Promise<Path> done, AsyncFile file, Path target, PlatError error) {
    if (done.future().isComplete()) {
      return;
    }
    Future<Void> closed = file == null ? Future.succeededFuture() : file.close().otherwiseEmpty();
    closed.compose(v -> vertx.fileSystem().delete(target.toString())).onComplete(v -> done.tryFail(error));
  }

  private Future<Path> refused(String url, HttpClientResponse response) {
    int status = response.statusCode();
    // the error body is small JSON; read it only to drain the connection
    return response.body().otherwise(Buffer.buffer()).compose(body -> Future.failedFuture(status == 404
      ? PlatError.badRequest("upload_missing", "the uploaded zip is no longer on the gateway that received it (send it again)")
      : unreachable(url, "the gateway answered " + status)));
  }

  private PlatError tooLarge() {
    return new PlatError(413, "payload_too_large", "the upload is larger than the limit of " + maxBytes + " bytes");
  }

  private static PlatError unreachable(String url, String why) {
    return new PlatError(502, "upload_unreachable", "cannot fetch the upload from " + url + ": " + why);
  }

  private static long parse(String length) {
    try {
      return Long.parseLong(length.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
