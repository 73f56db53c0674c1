package dev.plat.docker.impl;

import dev.plat.docker.DockerConflictException;
import dev.plat.docker.DockerException;
import dev.plat.docker.DockerNotFoundException;
import dev.plat.docker.DockerUnreachableException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.json.JsonObject;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;

/** Maps the daemon's error answers and transport failures to {@link DockerException}s. */
public final class DockerErrors {

  private DockerErrors() {
  }

  /** An error answer: the daemon's JSON {@code message}, else the body text, else the status. */
  public static DockerException fromStatus(int status, Buffer body) {
    String message = message(body);
    if (message == null || message.isBlank()) {
      message = "HTTP " + status;
    }
    return switch (status) {
      case 404 -> new DockerNotFoundException(message);
      case 409 -> new DockerConflictException(message);
      default -> new DockerException(status, message);
    };
  }

  /** A failure after the connection was obtained (while sending, or reading the answer). */
  public static DockerException fromThrowable(Throwable t, String dockerHost) {
    if (t instanceof DockerException e) {
      return e;
    }
    if (t instanceof HttpClosedException || t instanceof ClosedChannelException) {
      return new DockerUnreachableException(dockerHost, t);
    }
    if (t instanceof TimeoutException) {
      return new DockerException(DockerException.NO_STATUS, "Docker daemon did not answer in time: " + t.getMessage(), t);
    }
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return new DockerException(DockerException.NO_STATUS, message, t);
  }

  /** A failure to obtain a connection: the daemon is unreachable. */
  public static DockerException connectFailure(Throwable t, String dockerHost) {
    return t instanceof DockerException e ? e : new DockerUnreachableException(dockerHost, t);
  }

  private static String message(Buffer body) {
    if (body == null || body.length() == 0) {
      return null;
    }
    String text = body.toString(StandardCharsets.UTF_8).trim();
    if (text.startsWith("{")) {
      try {
        Object message = new JsonObject(text).getValue("message");
        if (message != null) {
          return message.toString();
        }
      } catch (RuntimeException notJson) {
        return text;
      }
    }
    return text;
  }
}
