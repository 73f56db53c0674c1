package dev.plat.docker;

/** An image push the daemon accepted but that failed (registry refused, unknown tag, ...). */
public class PushFailedException extends DockerException {

  /** @param message the daemon's error message */
  public PushFailedException(String message) {
    super(NO_STATUS, message);
  }
}
