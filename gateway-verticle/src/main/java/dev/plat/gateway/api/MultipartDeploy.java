package dev.plat.gateway.api;

import dev.plat.cluster.api.PlatError;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * Reads a {@code multipart/form-data} deploy: the {@code code} part is streamed to the uploads
 * folder like a raw zip (hashed, cut off at the limit), the {@code spec} part (a form field or a
 * small file part) is kept in memory, any other part is dropped. Completes once the request has
 * ended; on any failure nothing is left in the uploads folder.
 */
final class MultipartDeploy {
  static final int MAX_SPEC_BYTES = 64 * 1024;

  /** The spec and the spooled zip of a deploy. */
  record Received(JsonObject spec, Upload upload) {
  }

  private final HttpServerRequest request;
  private final UploadStore uploads;
  private final Promise<Received> result = Promise.promise();
  private final Buffer specPart = Buffer.buffer();
  private boolean specInPart;
  private Future<Upload> code;

  private MultipartDeploy(HttpServerRequest request, UploadStore uploads) {
    this.request = request;
    this.uploads = uploads;
  }

  /** Starts reading {@code request}, which must not have been read yet. */
  static Future<Received> read(HttpServerRequest request, UploadStore uploads) {
    MultipartDeploy deploy = new MultipartDeploy(request, uploads);
    deploy.start();
    return deploy.result.future();
  }

  private void start() {
    request.setExpectMultipart(true);
    request.uploadHandler(this::part);
    request.exceptionHandler(err -> fail(new PlatError(400, "upload_interrupted", "the upload was interrupted: " + err.getMessage())));
    request.endHandler(v -> ended());
  }

  private void part(HttpServerFileUpload part) {
    if ("code".equals(part.name()) && code == null) {
      code = uploads.receive(part);
      code.onFailure(this::fail);
    } else if ("spec".equals(part.name()) && !specInPart) {
      specInPart = true;
      part.handler(chunk -> {
        if (specPart.length() + chunk.length() > MAX_SPEC_BYTES) {
          fail(PlatError.badRequest("bad_spec", "the spec part is larger than " + MAX_SPEC_BYTES + " bytes"));
        } else {
          specPart.appendBuffer(chunk);
        }
      });
    } else {
      part.handler(chunk -> { });
    }
  }

  private void ended() {
    if (result.future().isComplete()) {
      return;
    }
    if (code == null) {
      fail(PlatError.badRequest("missing_code", "a multipart deploy needs a 'code' part holding the zip"));
      return;
    }
    code.onSuccess(upload -> {
      try {
        String text = specInPart ? specPart.toString() : request.getFormAttribute("spec");
        result.tryComplete(new Received(DeploySpecs.fromJson(text), upload));
      } catch (PlatError e) {
        fail(e);
      }
    });
  }

  private void fail(Throwable err) {
    if (result.future().isComplete()) {
      return;
    }
    if (code == null) {
      result.fail(err);
      return;
    }
    // drop the spooled zip (if it got that far) before answering
    code.transform(done -> done.succeeded() ? uploads.discard(done.result().path()) : Future.succeededFuture())
      .onComplete(v -> result.tryFail(err));
  }
}
