package dev.plat.gateway.api;

import dev.plat.cluster.Names;
import dev.plat.cluster.api.PlatError;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code POST /api/functions}: receives a zip and asks the controller to deploy it.
 * <ul>
 *   <li>{@code Content-Type: application/zip} (or {@code application/octet-stream}) with
 *   {@code ?name=&runtime=} and an optional {@code X-Plat-Spec} JSON header: the body is streamed
 *   to the uploads folder, hashed as it flows; a declared {@code Content-Length} over the limit is
 *   refused before reading, a chunked body when it passes the limit.</li>
 *   <li>{@code multipart/form-data} with a {@code spec} part (JSON with name and runtime) and a
 *   {@code code} part (the zip), spooled by the body handler mounted before this one.</li>
 * </ul>
 * Answers 202 {@code {"name","version","buildId","links":{"build","logs","function"}}}; the
 * controller then owns the upload. The deploy names where the zip is: its path on this node, and
 * its node-to-node URL ({@link ServeUploadHandler}) for a builder on another node, which fetches it
 * before the build is accepted; once accepted the id is no longer served. On any failure the upload is deleted.
 * A JSON body (the user's own image, no zip) is {@link DeployImageHandler}'s, routed before this one.
 */
public class DeployFunctionHandler implements Handler<RoutingContext> {
  /** Room for the multipart boundaries and part headers around the zip and the spec. */
  private static final long MULTIPART_OVERHEAD = 16 * 1024;

  private final ControllerClient controller;
  private final UploadStore uploads;
  private final Function<String, JsonObject> source;

  /** A deploy whose zip is only on this node's disk (tests: builder on the same node). */
  public DeployFunctionHandler(ControllerClient controller, UploadStore uploads) {
    this(controller, uploads, id -> null);
  }

  /**
   * @param source an upload id to its {@code {"node","url"}} for builders on other nodes
   */
  public DeployFunctionHandler(ControllerClient controller, UploadStore uploads, Function<String, JsonObject> source) {
    this.controller = controller;
    this.uploads = uploads;
    this.source = source;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String type = mediaType(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE));
    switch (type) {
      case "application/zip", "application/x-zip-compressed", "application/octet-stream" -> raw(ctx);
      case "multipart/form-data" -> multipart(ctx);
      default -> throw new PlatError(415, "unsupported_media_type",
        "send the zip as application/zip (with ?name=&runtime=) or as multipart/form-data with 'spec' and 'code' parts,"
          + " or {\"spec\": {\"name\", \"image\"}} as application/json to deploy your own image");
    }
  }

  private void raw(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    request.pause();
    JsonObject spec = DeploySpecs.fromQuery(request.getParam("name"), request.getParam("runtime"), request.getHeader(Names.Header.SPEC));
    long declared = contentLength(request);
    if (declared > uploads.maxBytes()) {
      throw uploads.tooLarge();
    }
    if (declared == 0) {
      throw PlatError.badRequest("empty_upload", "the body must be the function's zip");
    }
    if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
      ctx.response().writeContinue();
    }
    uploads.receive(request).onComplete(received -> {
      if (received.failed()) {
        ctx.fail(received.cause());
      } else if (received.result().size() == 0) {
        uploads.discard(received.result().path())
          .onComplete(v -> ctx.fail(PlatError.badRequest("empty_upload", "the body must be the function's zip")));
      } else {
        forward(ctx, spec, received.result());
      }
    });
  }

  private void multipart(RoutingContext ctx) {
    long declared = contentLength(ctx.request());
    if (declared > uploads.maxBytes() + MultipartDeploy.MAX_SPEC_BYTES + MULTIPART_OVERHEAD) {
      throw uploads.tooLarge();
    }
    MultipartDeploy.read(ctx.request(), uploads).onComplete(received -> {
      if (received.failed()) {
        ctx.fail(received.cause());
      } else {
        forward(ctx, received.result().spec(), received.result().upload());
      }
    });
  }

  private void forward(RoutingContext ctx, JsonObject spec, Upload upload) {
    controller.deploy(spec, upload.path(), upload.sha256(), source.apply(UploadStore.idOf(upload.path()))).onComplete(reply -> {
      if (reply.failed()) {
        uploads.discard(upload.path()).onComplete(v -> ctx.fail(reply.cause()));
        return;
      }
      // accepted: a builder on another node has fetched its copy; one on this node owns the file
      uploads.release(upload.path());
      JsonObject body = reply.result();
      String name = body.getString("name", spec.getString("name"));
      String buildId = body.getString("buildId");
      JsonObject links = new JsonObject()
        .put("build", "/api/builds/" + buildId)
        .put("logs", "/api/builds/" + buildId + "/logs")
        .put("function", "/api/functions/" + name);
      Responses.json(ctx, 202, new JsonObject().put("name", name).put("version", body.getValue("version"))
        .put("buildId", buildId).put("links", links));
    });
  }

  private static long contentLength(HttpServerRequest request) {
    String value = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (value == null) {
      return -1;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw PlatError.badRequest("bad_content_length", "Content-Length must be a number");
    }
  }

  private static String mediaType(String header) {
    if (header == null) {
      return "";
    }
    int semi = header.indexOf(';');
    return (semi < 0 ? header : header.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
  }
}
