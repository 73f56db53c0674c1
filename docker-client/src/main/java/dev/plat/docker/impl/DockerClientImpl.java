package dev.plat.docker.impl;

import dev.plat.docker.BuildEvent;
import dev.plat.docker.BuildOptions;
import dev.plat.docker.BuildResult;
import dev.plat.docker.ContainerExit;
import dev.plat.docker.ContainerInfo;
import dev.plat.docker.ContainerSpec;
import dev.plat.docker.ContainerStats;
import dev.plat.docker.ContainerSummary;
import dev.plat.docker.DockerClient;
import dev.plat.docker.DockerClientOptions;
import dev.plat.docker.DockerEvent;
import dev.plat.docker.DockerFilters;
import dev.plat.docker.DockerInfo;
import dev.plat.docker.DockerVersion;
import dev.plat.docker.EventSubscription;
import dev.plat.docker.ImageInfo;
import dev.plat.docker.ImageSummary;
import dev.plat.docker.LogStream;
import dev.plat.docker.LogsOptions;
import dev.plat.docker.PullEvent;
import dev.plat.docker.PushEvent;
import dev.plat.docker.PushResult;
import dev.plat.docker.ResourceLimits;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** The {@link DockerClient}: every call runs on a Vert.x context and goes through one {@link Transport}. */
public final class DockerClientImpl implements DockerClient {

  private final Vertx vertx;
  private final Transport transport;
  private final ContainerCalls containers;
  private final ImageCalls images;
  private final Set<EventSubscription> subscriptions = ConcurrentHashMap.newKeySet();
  private final Set<LogFrameStream> logStreams = ConcurrentHashMap.newKeySet();

  public DockerClientImpl(Vertx vertx, DockerClientOptions options) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.transport = new Transport(vertx, options);
    this.containers = new ContainerCalls(transport);
    this.images = new ImageCalls(transport);
  }

  private <T> Future<T> call(Supplier<Future<T>> operation) {
    return Contexts.run(vertx, operation);
  }

  @Override
  public Future<Void> ping() {
    return call(() -> transport.discard(DockerRequest.get("/_ping").unversioned()));
  }

  @Override
  public Future<DockerVersion> version() {
    return call(() -> transport.jsonObject(DockerRequest.get("/version").unversioned()).map(DockerVersion::fromJson));
  }

  @Override
  public Future<DockerInfo> info() {
    return call(() -> transport.jsonObject(DockerRequest.get("/info")).map(DockerInfo::fromJson));
  }

  @Override
  public Future<String> apiVersion() {
    return call(transport::apiVersion);
  }

  @Override
  public Future<String> createContainer(ContainerSpec spec) {
    return call(() -> containers.create(spec));
  }

  @Override
  public Future<Void> startContainer(String id) {
    return call(() -> containers.start(id));
  }

  @Override
  public Future<Void> stopContainer(String id, int timeoutSeconds) {
    return call(() -> containers.stop(id, timeoutSeconds));
  }

  @Override
  public Future<Void> killContainer(String id, String signal) {
    return call(() -> containers.kill(id, signal));
  }

  @Override
  public Future<Void> removeContainer(String id, boolean force) {
    return call(() -> containers.remove(id, force));
  }

  @Override
  public Future<ContainerInfo> inspectContainer(String id) {
    return call(() -> containers.inspect(id));
  }

  @Override
  public Future<List<ContainerSummary>> listContainers(boolean all, DockerFilters filters) {
    return call(() -> containers.list(all, filters));
  }

  @Override
  public Future<Void> pauseContainer(String id) {
    return call(() -> containers.pause(id));
  }

  @Override
  public Future<Void> unpauseContainer(String id) {
    return call(() -> containers.unpause(id));
  }

  @Override
  public Future<ContainerExit> waitContainer(String id) {
    return call(() -> containers.await(id));
  }

  @Override
  public Future<LogStream> logs(String id, LogsOptions options) {
    return call(() -> containers.logs(id, options, logStreams::remove).map(stream -> {
      if (!stream.isFinished()) {
        logStreams.add(stream);
      }
      return stream;
    }));
  }

  @Override
  public Future<ContainerStats> stats(String id) {
    return call(() -> containers.stats(id));
  }

  @Override
  public Future<Void> updateContainer(String id, ResourceLimits limits) {
    return call(() -> containers.update(id, limits));
  }

  @Override
  public Future<Void> renameContainer(String id, String name) {
    return call(() -> containers.rename(id, name));
  }

  @Override
  public Future<ReadStream<Buffer>> archive(String id, String path) {
    return call(() -> containers.archive(id, path));
  }

  @Override
  public Future<BuildResult> buildImage(ReadStream<Buffer> context, BuildOptions options, Handler<BuildEvent> progress) {
    Objects.requireNonNull(context, "context");
    return call(() -> new BuildCall(transport, options == null ? BuildOptions.builder().build() : options, progress).run(context));
  }

  @Override
  public Future<Void> tagImage(String image, String repository, String tag) {
    return call(() -> images.tag(image, repository, tag));
  }

  @Override
  public Future<PushResult> pushImage(String repository, String tag, JsonObject auth, Handler<PushEvent> progress) {
    if (tag == null || tag.isBlank()) {
      return Future.failedFuture(new IllegalArgumentException("a push needs a tag"));
    }
    return call(() -> new PushCall(transport, repository, tag, progress).run(auth));
  }

  @Override
  public Future<Void> pullImage(String reference, JsonObject auth, Handler<PullEvent> progress) {
    try {
      PullCall.split(reference);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return call(() -> new PullCall(transport, reference, progress).run(auth));
  }

  @Override
  public Future<ImageInfo> inspectImage(String image) {
    return call(() -> images.inspect(image));
  }

  @Override
  public Future<List<ImageSummary>> listImages(DockerFilters filters) {
    return call(() -> images.list(filters));
  }

  @Override
  public Future<Void> removeImage(String image, boolean force) {
    return call(() -> images.remove(image, force));
  }

  @Override
  public Future<EventSubscription> events(DockerFilters filters, Handler<DockerEvent> handler) {
    Objects.requireNonNull(handler, "handler");
    DockerFilters f = filters == null ? DockerFilters.create() : filters;
    return call(() -> {
      EventStreamSubscription subscription = new EventStreamSubscription(transport, vertx.getOrCreateContext(), f, handler,
        subscriptions::remove);
      return subscription.open().map(s -> {
        subscriptions.add(s);
        return s;
      });
    });
  }

  @Override
  public Future<Void> close() {
    List<Future<Void>> closing = new ArrayList<>();
    subscriptions.forEach(s -> closing.add(s.close()));
    logStreams.forEach(s -> closing.add(s.close()));
    subscriptions.clear();
    logStreams.clear();
    return Future.join(closing).transform(ar -> transport.close());
  }
}
