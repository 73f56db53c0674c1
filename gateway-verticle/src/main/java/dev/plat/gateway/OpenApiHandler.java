package dev.plat.gateway;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;

/** {@code GET /api/openapi.yaml}: the hand-written OpenAPI 3 document of the REST API, from the jar. */
public class OpenApiHandler implements Handler<RoutingContext> {
  /** Where the document is on the class path. */
  public static final String RESOURCE = "dev/plat/gateway/openapi.yaml";

  private Future<Buffer> document;

  @Override
  public void handle(RoutingContext ctx) {
    if (document == null || document.failed()) {
      document = ctx.vertx().executeBlocking(OpenApiHandler::read, false);
    }
    document.onComplete(done -> {
      if (done.failed()) {
        ctx.fail(done.cause());
      } else {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml").end(done.result());
      }
    });
  }

  /** The document's bytes; blocking. */
  public static Buffer read() throws IOException {
    try (InputStream in = OpenApiHandler.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IOException(RESOURCE + " is missing from the class path");
      }
      return Buffer.buffer(in.readAllBytes());
    }
  }
}
