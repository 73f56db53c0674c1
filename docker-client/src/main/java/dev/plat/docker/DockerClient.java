package dev.plat.docker;

import dev.plat.docker.impl.DockerClientImpl;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import java.util.List;

/**
 * An asynchronous Docker Engine API client on the Vert.x {@code HttpClient}; it never blocks the
 * calling thread. The API version is negotiated from {@code GET /version} on first use unless
 * {@link DockerClientOptions#setApiVersion(String)} fixes it.
 *
 * <p>Every call fails with a {@link DockerException}: {@link DockerNotFoundException} (404),
 * {@link DockerConflictException} (409), {@link DockerUnreachableException} when no daemon answers,
 * {@link BuildFailedException} / {@link PushFailedException} / {@link PullFailedException} for errors reported inside a progress stream.
 */
public interface DockerClient {

  /** Creates a client; it holds one {@code HttpClient} until {@link #close()}. */
  static DockerClient create(Vertx vertx, DockerClientOptions options) {
    return new DockerClientImpl(vertx, new DockerClientOptions(options));
  }

  // ---- system

  /** Succeeds when the daemon answers {@code GET /_ping}. */
  Future<Void> ping();

  /** @return the daemon's version */
  Future<DockerVersion> version();

  /** @return system-wide information */
  Future<DockerInfo> info();

  /** @return the API version used for calls, e.g. {@code 1.41} (negotiated once, then cached) */
  Future<String> apiVersion();

  // ---- containers

  /** Creates a container; @return its id. Fails with a conflict when the name is taken. */
  Future<String> createContainer(ContainerSpec spec);

  /** Starts a container; succeeds too when it already runs. */
  Future<Void> startContainer(String id);

  /** Sends the stop signal, then SIGKILL after {@code timeoutSeconds}; succeeds too when it is not running. */
  Future<Void> stopContainer(String id, int timeoutSeconds);

  /** Sends {@code signal} (e.g. {@code SIGKILL}, {@code SIGHUP}); fails with a conflict when it is not running. */
  Future<Void> killContainer(String id, String signal);

  /** Removes a container and its anonymous volumes; {@code force} kills it first when it runs. */
  Future<Void> removeContainer(String id, boolean force);

  /** @return the container's configuration and state */
  Future<ContainerInfo> inspectContainer(String id);

  /** @return containers matching {@code filters} ({@code all}: stopped ones too) */
  Future<List<ContainerSummary>> listContainers(boolean all, DockerFilters filters);

  /** Freezes every process of a container (cgroup freezer). */
  Future<Void> pauseContainer(String id);

  /** Thaws a paused container. */
  Future<Void> unpauseContainer(String id);

  /** Completes when the container is not running (at once when it already is not). */
  Future<ContainerExit> waitContainer(String id);

  /**
   * Opens a container's output (a container without a TTY; a TTY's raw output arrives as STDOUT frames).
   *
   * @return the frames, flowing once a handler is set
   */
  Future<LogStream> logs(String id, LogsOptions options);

  /** @return one resource usage sample */
  Future<ContainerStats> stats(String id);

  /** Changes a (running) container's memory, CPU and pids limits ({@code POST /containers/{id}/update}). */
  Future<Void> updateContainer(String id, ResourceLimits limits);

  /** Renames a container ({@code POST /containers/{id}/rename}). */
  Future<Void> renameContainer(String id, String name);

  /**
   * Opens a tar archive of {@code path} in a container's file system ({@code GET /containers/{id}/archive});
   * the container need not run.
   *
   * @return the tar stream, paused: it flows once piped or resumed
   */
  Future<ReadStream<Buffer>> archive(String id, String path);

  // ---- images

  /**
   * Builds an image from a tar context streamed as the request body with back-pressure.
   *
   * @param context the tar archive (not yet flowing; it is consumed once)
   * @param progress receives every progress message, may be {@code null}
   * @return the image once the daemon ends the stream; fails with a {@link BuildFailedException}
   *         carrying the daemon's message and the build log tail
   */
  Future<BuildResult> buildImage(ReadStream<Buffer> context, BuildOptions options, Handler<BuildEvent> progress);

  /** Tags {@code image} as {@code repository:tag}. */
  Future<Void> tagImage(String image, String repository, String tag);

  /**
   * Pushes {@code repository:tag} to its registry.
   *
   * @param auth registry credentials ({@code username}, {@code password}, {@code serveraddress}),
   *             {@code null} or empty for none; sent base64 in {@code X-Registry-Auth}
   * @param progress receives every progress message, may be {@code null}
   * @return the pushed digest; fails with a {@link PushFailedException} carrying the daemon's message
   */
  Future<PushResult> pushImage(String repository, String tag, JsonObject auth, Handler<PushEvent> progress);

  /**
   * Pulls an image from its registry, with no credentials and no progress handler.
   *
   * @see #pullImage(String, JsonObject, Handler)
   */
  default Future<Void> pullImage(String reference) {
    return pullImage(reference, null, null);
  }

  /**
   * Pulls an image from its registry ({@code POST /images/create}), reading the progress stream to
   * its end without blocking. A digest reference ({@code 127.0.0.1:5000/plat/fn@sha256:...}) pulls
   * exactly that manifest; {@code repo:tag} that tag; a bare {@code repo} its {@code latest}.
   *
   * @param reference {@code repository[:tag]} or {@code repository@sha256:...}
   * @param auth registry credentials as for {@link #pushImage}, {@code null} or empty for none
   * @param progress receives every progress message on the client's context, may be {@code null}
   * @return completes once the image is on the daemon; fails with a {@link PullFailedException}
   *         carrying the daemon's message when the stream reports an error, with a
   *         {@link DockerNotFoundException} when the daemon refuses at once (unknown repository),
   *         or with an {@link IllegalArgumentException} for a malformed reference
   */
  Future<Void> pullImage(String reference, JsonObject auth, Handler<PullEvent> progress);

  /** @return the image's description */
  Future<ImageInfo> inspectImage(String image);

  /** @return images matching {@code filters} */
  Future<List<ImageSummary>> listImages(DockerFilters filters);

  /** Removes an image (untags it; deletes it with its last tag); {@code force} also when containers use it. */
  Future<Void> removeImage(String image, boolean force);

  // ---- events

  /**
   * Subscribes to the daemon's events, kept alive across dropped streams and daemon restarts.
   *
   * @param filters which events, e.g. {@code DockerFilters.create().type("container").label("plat.function")}
   * @param handler receives every event, in order
   * @return the subscription once the first stream is open (events after that are not missed);
   *         fails when that first stream cannot be opened
   */
  Future<EventSubscription> events(DockerFilters filters, Handler<DockerEvent> handler);

  /** Closes open subscriptions and streams and the underlying {@code HttpClient}. */
  Future<Void> close();
}
