package dev.plat.docker;

/** An image pull the daemon accepted but that failed (registry unreachable, unknown manifest, ...). */
public class PullFailedException extends DockerException {

  /**
   * @param reference the image reference that was pulled
   * @param message the daemon's error message
   */
  public PullFailedException(String reference, String message) {
    super(NO_STATUS, "pull of " + reference + " failed: " + message);
  }
}
