package dev.plat.gateway.api;

import dev.plat.cluster.ClusterSecret;
import dev.plat.cluster.Names;
import dev.plat.cluster.api.PlatError;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /_plat/uploads/{id}} ({@link Names.NodePath#UPLOADS}): a deploy's zip, streamed from
 * disk to the builder on another node that builds it. Only for members of the cluster: without the
 * cluster secret in {@link Names.Header#CLUSTER_AUTH} the answer is 401 whatever the id. Only ids
 * this node issued and still holds ({@link UploadStore#issued}); anything else, a path included, is
 * 404 {@code upload_not_found}. Served once: the file is deleted when it has been sent whole (the
 * builder now has its own copy).
 */
public class ServeUploadHandler implements Handler<RoutingContext> {
  private final ClusterSecret secret;
  private final UploadStore uploads;

  /** @param secret the cluster secret; {@code null}: every request is refused */
  public ServeUploadHandler(ClusterSecret secret, UploadStore uploads) {
    this.secret = secret;
    this.uploads = uploads;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (secret == null || !secret.matches(ctx.request().getHeader(Names.Header.CLUSTER_AUTH))) {
      ctx.fail(new PlatError(401, "unauthorized", "only members of the cluster may fetch uploads"));
      return;
    }
    String path = uploads.issued(ctx.pathParam("id"));
    if (path == null) {
      ctx.fail(PlatError.notFound("upload_not_found", "no such upload on this node"));
      return;
    }
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/zip").sendFile(path).onComplete(sent -> {
      if (sent.succeeded()) {
        uploads.discard(path);
      } else if (!ctx.response().headWritten()) {
        ctx.fail(PlatError.notFound("upload_not_found", "no such upload on this node"));
      }
    });
  }
}
