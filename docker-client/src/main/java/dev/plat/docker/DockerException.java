package dev.plat.docker;

/**
 * A failed Docker Engine API call.
 *
 * <p>{@link #status()} is the HTTP status the daemon answered with, or {@link #NO_STATUS} when the
 * failure happened before or outside an HTTP answer (a stream error, a timeout, a broken connection).
 * Subclasses tell the cases callers usually branch on: {@link DockerNotFoundException} (404),
 * {@link DockerConflictException} (409), {@link DockerUnreachableException} (no daemon),
 * {@link BuildFailedException} and {@link PushFailedException} (errors reported inside a progress stream).
 */
public class DockerException extends RuntimeException {

  /** The status of a failure that carries no HTTP status. */
  public static final int NO_STATUS = 0;

  private final int status;

  /**
   * @param status the HTTP status, or {@link #NO_STATUS}
   * @param message the daemon's message (its JSON {@code message} field) or a description of the failure
   */
  public DockerException(int status, String message) {
    this(status, message, null);
  }

  /**
   * @param status the HTTP status, or {@link #NO_STATUS}
   * @param message the daemon's message or a description of the failure
   * @param cause the underlying failure, may be {@code null}
   */
  public DockerException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** @return the HTTP status the daemon answered with, or {@link #NO_STATUS} */
  public int status() {
    return status;
  }
}
