package dev.plat.docker.impl;

import dev.plat.docker.DockerFilters;
import dev.plat.docker.ImageInfo;
import dev.plat.docker.ImageSummary;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/** The image endpoints other than build and push. */
final class ImageCalls {

  private final Transport transport;

  ImageCalls(Transport transport) {
    this.transport = transport;
  }

  Future<Void> tag(String image, String repository, String tag) {
    return transport.discard(DockerRequest.post("/images/" + DockerRequest.encode(image) + "/tag")
      .param("repo", repository).param("tag", tag));
  }

  Future<ImageInfo> inspect(String image) {
    return transport.jsonObject(DockerRequest.get("/images/" + DockerRequest.encode(image) + "/json")).map(ImageInfo::fromJson);
  }

  Future<List<ImageSummary>> list(DockerFilters filters) {
    DockerRequest request = DockerRequest.get("/images/json");
    if (filters != null && !filters.isEmpty()) {
      request.param("filters", filters.toJson().encode());
    }
    return transport.jsonArray(request).map(array -> {
      List<ImageSummary> out = new ArrayList<>(array.size());
      for (int i = 0; i < array.size(); i++) {
        out.add(ImageSummary.fromJson(array.getJsonObject(i)));
      }
      return List.copyOf(out);
    });
  }

  Future<Void> remove(String image, boolean force) {
    return transport.discard(DockerRequest.delete("/images/" + DockerRequest.encode(image)).flag("force", force));
  }
}
