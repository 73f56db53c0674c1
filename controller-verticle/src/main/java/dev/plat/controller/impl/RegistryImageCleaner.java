package dev.plat.controller.impl;

import dev.plat.cluster.Names;
import dev.plat.controller.ImageCleaner;
import dev.plat.docker.DockerClient;
import dev.plat.docker.DockerFilters;
import dev.plat.docker.ImageSummary;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * {@link ImageCleaner} over the Docker Engine API and the registry's HTTP API v2: a tag's digest
 * from {@code HEAD /v2/<name>/manifests/<tag>}, then {@code DELETE /v2/<name>/manifests/<digest>}
 * (which removes every tag of that manifest; the registry's garbage collection frees the blobs).
 */
final class RegistryImageCleaner implements ImageCleaner {
  private static final Logger LOG = Logger.getLogger(RegistryImageCleaner.class.getName());
  private static final String MANIFEST_TYPES = "application/vnd.docker.distribution.manifest.v2+json, "
    + "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, "
    + "application/vnd.oci.image.index.v1+json";
  private static final long TIMEOUT_MS = 10_000;
  /** More tags than this in one listing are left (a function has one per version). */
  private static final int MAX_TAGS = 10_000;

  private final DockerClient docker;
  private final String registry;
  private final HttpClient http;

  public RegistryImageCleaner(Vertx vertx, DockerClient docker, String registry) {
    this.docker = docker;
    this.registry = registry;
    this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false).setConnectTimeout(2_000));
  }

  private String repository(String function) {
    return registry + "/plat/" + function;
  }

  @Override
  public Future<Void> removeFunction(String function) {
    return Future.join(removeLocal(function), removeTags(function)).<Void>mapEmpty().otherwiseEmpty();
  }

  @Override
  public Future<Void> removeImage(String function, String image) {
    String tag = image.substring(image.lastIndexOf(':') + 1);
    Future<Void> local = docker.removeImage(image, false).otherwiseEmpty()
      .onFailure(err -> LOG.warning("could not remove image " + image + ": " + err.getMessage()));
    return Future.join(local, removeTag(function, tag)).<Void>mapEmpty().otherwiseEmpty();
  }

  @Override
  public Future<Boolean> exists(String function, String image) {
    String tag = image.substring(image.lastIndexOf(':') + 1);
    return call(HttpMethod.HEAD, "/v2/plat/" + function + "/manifests/" + tag).map(head -> head.status != 404)
      .otherwise(err -> {
        LOG.warning("could not ask the registry for " + image + ": " + err.getMessage());
        return true;
      });
  }

  /** The function's tags in dockerd (untagged), then the images still labelled with its name (forced: they are its own). */
  private Future<Void> removeLocal(String function) {
    Future<List<ImageSummary>> tagged = docker.listImages(DockerFilters.create().add("reference", repository(function)));
    Future<List<ImageSummary>> labelled = docker.listImages(DockerFilters.create().label(Names.Label.FUNCTION, function));
    return Future.all(tagged, labelled).compose(all -> {
      Set<String> tags = new LinkedHashSet<>();
      tagged.result().forEach(i -> i.repoTags().stream().filter(t -> t.startsWith(repository(function) + ":")).forEach(tags::add));
      List<Future<Void>> untag = tags.stream().map(t -> quietly(docker.removeImage(t, false), t)).toList();
      return Future.join(untag).otherwiseEmpty().compose(v -> {
        List<Future<Void>> ids = new ArrayList<>();
        labelled.result().forEach(i -> ids.add(quietly(docker.removeImage(i.id(), true), i.id())));
        return Future.join(ids).<Void>mapEmpty();
      });
    }).otherwiseEmpty();
  }

  private static Future<Void> quietly(Future<Void> removal, String what) {
    return removal.recover(err -> {
      LOG.fine(() -> "image " + what + ": " + err.getMessage());
      return Future.succeededFuture();
    });
  }

  /** Every tag of the function's repository in the registry. */
  private Future<Void> removeTags(String function) {
    String name = "plat/" + function;
    return call(HttpMethod.GET, "/v2/" + name + "/tags/list").compose(resp -> {
      if (resp.status == 404) {
        return Future.succeededFuture();
      }
      if (resp.status != 200) {
        return Future.failedFuture("listing the tags of " + name + " answered " + resp.status);
      }
      JsonArray tags = new JsonObject(resp.body).getJsonArray("tags", new JsonArray());
      List<Future<Void>> removals = new ArrayList<>();
      for (int i = 0; i < Math.min(tags.size(), MAX_TAGS); i++) {
        removals.add(removeTag(function, String.valueOf(tags.getValue(i))));
      }
      return Future.join(removals).<Void>mapEmpty();
    }).recover(err -> {
      LOG.warning("could not remove the registry's tags of " + function + ": " + err.getMessage());
      return Future.succeededFuture();
    });
  }

  private Future<Void> removeTag(String function, String tag) {
    String name = "plat/" + function;
    return call(HttpMethod.HEAD, "/v2/" + name + "/manifests/" + tag).compose(head -> {
      if (head.status == 404) {
        return Future.succeededFuture();
      }
      if (head.status != 200 || head.digest == null) {
        return Future.failedFuture("the manifest of " + name + ":" + tag + " answered " + head.status);
      }
      return call(HttpMethod.DELETE, "/v2/" + name + "/manifests/" + head.digest).compose(del ->
        del.status == 202 || del.status == 404 ? Future.<Void>succeededFuture()
          : Future.failedFuture("deleting " + name + "@" + head.digest + " answered " + del.status
            + (del.status == 405 ? " (the registry needs storage.delete.enabled: true)" : "")));
    }).recover(err -> {
      LOG.warning("could not remove " + name + ":" + tag + " from the registry: " + err.getMessage());
      return Future.succeededFuture();
    });
  }

  private record Answer(int status, String digest, String body) {
  }

  private Future<Answer> call(HttpMethod method, String path) {
    int colon = registry.lastIndexOf(':');
    String host = colon < 0 ? registry : registry.substring(0, colon);
    int port = colon < 0 ? 80 : Integer.parseInt(registry.substring(colon + 1));
    RequestOptions options = new RequestOptions().setMethod(method).setHost(host).setPort(port).setURI(path)
      .putHeader("Accept", MANIFEST_TYPES).setTimeout(TIMEOUT_MS);
    return http.request(options).compose(req -> req.send()).compose(resp -> resp.body().map(body ->
      new Answer(resp.statusCode(), resp.getHeader("Docker-Content-Digest"),
        body.length() > 1024 * 1024 ? "{}" : body.toString())));
  }
}
