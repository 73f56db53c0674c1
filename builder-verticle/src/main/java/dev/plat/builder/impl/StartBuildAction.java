package dev.plat.builder.impl;

import dev.plat.cluster.api.FunctionSpec;
import dev.plat.cluster.api.PlatError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * {@code build}: {@code {"function","version","runtime","upload","sha256","source"}} -> {@code {"buildId",...}}.
 * The zip is {@code upload} (a path on this node) when {@code source} is absent or names this node;
 * else it is first streamed from {@code source.url}, the gateway that received it on node
 * {@code source.node} ({@link UploadFetcher}), into this builder's work folder. Checks the request,
 * the runtime and the zip (off the event loop) before anything is queued; a refused request fails
 * with a 400 (or 503 {@code build_queue_full}, 413, 502 {@code upload_unreachable}) and its local
 * zip is deleted. An accepted one is queued and owns the local zip until it ends. The reply is
 * sent once the build's first record is in the cluster's store, so any node can read it.
 */
public final class StartBuildAction {
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

  private final Vertx vertx;
  private final RuntimeCatalog runtimes;
  private final ZipValidator validator;
  private final BuildRegistry registry;
  private final BuildQueue queue;
  private final BuildRunner runner;
  private final String registryHost;
  private final UploadFetcher fetcher;
  private final BuildMirror mirror;

  /**
   * @param fetcher fetches zips received on other nodes
   * @param mirror  the registry's publisher, writing records to the cluster's store
   */
  public StartBuildAction(Vertx vertx, RuntimeCatalog runtimes, ZipValidator validator, BuildRegistry registry,
                          BuildQueue queue, BuildRunner runner, String registryHost, UploadFetcher fetcher,
                          BuildMirror mirror) {
    this.vertx = vertx;
    this.fetcher = fetcher;
    this.mirror = mirror;
    this.runtimes = runtimes;
    this.validator = validator;
    this.registry = registry;
    this.queue = queue;
    this.runner = runner;
    this.registryHost = registryHost;
  }

  public Future<JsonObject> handle(JsonObject request) {
    String remote = remoteSource(request.getValue("source"));
    if (remote == null) {
      return handle(request, null);
    }
    String sha256 = request.getValue("sha256") instanceof String s ? s : null;
    try {
      // checked before the transfer; checked again below with the local copy
      FunctionSpec.requireValidName(text(request, "function"));
      version(request.getValue("version"));
      text(request, "runtime");
    } catch (PlatError e) {
      return Future.failedFuture(e);
    }
    return fetcher.fetch(remote, sha256).compose(local -> handle(request, local));
  }

  /** The source's URL when the zip is on another node, else {@code null}. */
  private String remoteSource(Object source) {
    if (!(source instanceof JsonObject s) || mirror.nodeId().equals(s.getString("node"))) {
      return null;
    }
    if (!(s.getValue("url") instanceof String url) || !(url.startsWith("http://") || url.startsWith("https://"))) {
      throw PlatError.badRequest("bad_request", "\"source.url\" must be the http(s) URL of the upload");
    }
    return url;
  }

  private Future<JsonObject> handle(JsonObject request, Path fetched) {
    Path upload = fetched;
    try {
      if (upload == null) {
        upload = path(request.getValue("upload"));
      }
      Request req = new Request(FunctionSpec.requireValidName(text(request, "function")), version(request.getValue("version")),
        text(request, "runtime"), upload, request.getValue("sha256") instanceof String s ? s : null);
      return vertx.executeBlocking(() -> {
        Runtime runtime = runtimes.find(req.runtime);
        return new Validated(runtime, validator.validate(req.upload, runtime));
      }, false).compose(valid -> enqueue(req, valid)).recover(err -> refuse(req.upload, err));
    } catch (PlatError e) {
      return refuse(upload, e);
    }
  }

  /** Deletes the upload of a refused request, then fails with {@code err}. */
  private Future<JsonObject> refuse(Path upload, Throwable err) {
    if (upload == null) {
      return Future.failedFuture(err);
    }
    return vertx.executeBlocking(() -> Files.deleteIfExists(upload), false).transform(ignored -> Future.failedFuture(err));
  }

  private Future<JsonObject> enqueue(Request req, Validated valid) {
    if (queue.isFull()) {
      return Future.failedFuture(queueFull());
    }
    String id = registry.create(req.function, req.version, req.runtime, req.sha256);
    BuildJob job = new BuildJob(id, req.function, req.version, valid.runtime, req.upload, valid.manifest);
    try {
      queue.submit(() -> runner.run(job));
    } catch (PlatError full) {
      registry.fail(id, full.code(), full.getMessage());
      return Future.failedFuture(full);
    }
    JsonObject accepted = new JsonObject().put("buildId", id).put("function", req.function)
      .put("version", req.version).put("state", BuildState.QUEUED.id())
      .put("image", BuildRunner.repository(registryHost, req.function) + ":" + req.version);
    return mirror.written(id).map(accepted);
  }

  private PlatError queueFull() {
    return PlatError.unavailable("build_queue_full", "the builder is busy: " + queue.running() + " builds running and "
      + queue.waiting() + " waiting; try again later");
  }

  private static String text(JsonObject request, String field) {
    if (request.getValue(field) instanceof String s && !s.isBlank()) {
      return s;
    }
    throw PlatError.badRequest("bad_request", "\"" + field + "\" is required");
  }

  private static String version(Object value) {
    String version = value instanceof Number n ? Long.toString(n.longValue()) : value instanceof String s ? s : null;
    if (version == null || !TAG.matcher(version).matches()) {
      throw PlatError.badRequest("bad_version", "\"version\" must be a number or an image tag, got '" + value + "'");
    }
    return version;
  }

  private static Path path(Object value) {
    try {
      if (value instanceof String s && !s.isBlank() && Path.of(s).isAbsolute()) {
        return Path.of(s).normalize();
      }
    } catch (InvalidPathException e) {
      // refused below
    }
    throw PlatError.badRequest("bad_request", "\"upload\" must be the absolute path of the spooled zip");
  }

  private record Request(String function, String version, String runtime, Path upload, String sha256) {
  }

  private record Validated(Runtime runtime, ZipManifest manifest) {
  }
}
