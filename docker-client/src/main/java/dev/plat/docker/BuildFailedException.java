package dev.plat.docker;

import java.util.List;

/**
 * An image build the daemon accepted but that failed (a {@code RUN} step returned non-zero, a file
 * to {@code COPY} is missing, ...). The message is the daemon's error followed by the last lines
 * of the build output.
 */
public class BuildFailedException extends DockerException {

  private final String error;
  private final List<String> logTail;

  /**
   * @param error the daemon's error message
   * @param logTail the last lines of the build output, oldest first
   */
  public BuildFailedException(String error, List<String> logTail) {
    super(NO_STATUS, error + (logTail.isEmpty() ? "" : "\n--- build log tail ---\n" + String.join("\n", logTail)));
    this.error = error;
    this.logTail = List.copyOf(logTail);
  }

  /** @return the daemon's error message alone */
  public String error() {
    return error;
  }

  /** @return the last lines of the build output, oldest first */
  public List<String> logTail() {
    return logTail;
  }
}
