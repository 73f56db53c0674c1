package dev.plat.cluster.api;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

/**
 * A failure with an HTTP status and a stable machine-readable code. It crosses the event bus as a
 * {@link ReplyException} whose failure code is the status and whose message is the JSON body
 * {@code {"error","code"}}; the gateway's failure handler turns it back into that response.
 */
public class PlatError extends RuntimeException {
  private final int status;
  private final String code;

  public PlatError(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public static PlatError badRequest(String code, String message) {
    return new PlatError(400, code, message);
  }

  public static PlatError notFound(String code, String message) {
    return new PlatError(404, code, message);
  }

  public static PlatError conflict(String code, String message) {
    return new PlatError(409, code, message);
  }

  public static PlatError unavailable(String code, String message) {
    return new PlatError(503, code, message);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** The response body: {@code {"error": message, "code": code}}. */
  public JsonObject toJson() {
    return new JsonObject().put("error", getMessage()).put("code", code);
  }

  /** This error as an event-bus reply failure. */
  public ReplyException toReply() {
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, status, toJson().encode());
  }

  /**
   * Any failure as a PlatError: itself, a reply failure made by {@link #toReply()}, a bus
   * timeout (504) or no handler (503); anything else is a 500 {@code internal}.
   */
  public static PlatError from(Throwable err) {
    if (err instanceof PlatError p) {
      return p;
    }
    if (err instanceof ReplyException r) {
      switch (r.failureType()) {
        case TIMEOUT:
          return new PlatError(504, "timeout", "the platform did not answer in time");
        case NO_HANDLERS:
          return new PlatError(503, "role_unavailable", "no node runs the role for this request");
        default:
          try {
            JsonObject body = new JsonObject(r.getMessage());
            return new PlatError(r.failureCode(), body.getString("code", "error"), body.getString("error"));
          } catch (RuntimeException notJson) {
            return new PlatError(500, "internal", String.valueOf(r.getMessage()));
          }
      }
    }
    return new PlatError(500, "internal", String.valueOf(err.getMessage()));
  }
}
