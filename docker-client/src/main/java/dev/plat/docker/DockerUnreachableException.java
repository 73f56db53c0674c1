package dev.plat.docker;

/**
 * No Docker daemon answered: the socket does not exist, the connection was refused or timed out,
 * or the daemon closed the connection before answering. Usually retriable once the daemon is back.
 */
public class DockerUnreachableException extends DockerException {

  private final String dockerHost;

  /**
   * @param dockerHost the address that was tried, e.g. {@code unix:///var/run/docker.sock}
   * @param cause the connection failure
   */
  public DockerUnreachableException(String dockerHost, Throwable cause) {
    super(NO_STATUS, "Docker daemon unreachable at " + dockerHost + ": " + describe(cause), cause);
    this.dockerHost = dockerHost;
  }

  /** @return the address that was tried */
  public String dockerHost() {
    return dockerHost;
  }

  private static String describe(Throwable cause) {
    if (cause == null) {
      return "no answer";
    }
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }
}
