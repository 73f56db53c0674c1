package dev.plat.docker;

/**
 * The daemon answered 409: the object is in a state that forbids the operation (a name already in
 * use, removing a running container without force, pausing a paused container, ...).
 */
public class DockerConflictException extends DockerException {

  /** @param message the daemon's message */
  public DockerConflictException(String message) {
    super(409, message);
  }
}
