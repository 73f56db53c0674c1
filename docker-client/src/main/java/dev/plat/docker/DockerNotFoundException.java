package dev.plat.docker;

/** The daemon answered 404: no such container, image or other object. */
public class DockerNotFoundException extends DockerException {

  /** @param message the daemon's message, e.g. {@code No such container: abc} */
  public DockerNotFoundException(String message) {
    super(404, message);
  }
}
