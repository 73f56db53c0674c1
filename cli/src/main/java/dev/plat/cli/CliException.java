package dev.plat.cli;

/**
 * A failure that ends the command with a message on stderr ({@code plat: <message>}) and an exit
 * code; no stack trace is shown.
 */
public class CliException extends RuntimeException {
  private final int exitCode;

  public CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  /** A user error: exit 1. */
  public static CliException failed(String message) {
    return new CliException(ExitCode.FAILED, message);
  }

  /** Bad usage or configuration: exit 2. */
  public static CliException usage(String message) {
    return new CliException(ExitCode.USAGE, message);
  }

  /** The API cannot be reached: exit 3. */
  public static CliException unreachable(String url, Throwable cause) {
    return new CliException(ExitCode.UNREACHABLE, "cannot reach " + url + ": " + describe(cause));
  }

  public int exitCode() {
    return exitCode;
  }

  /** The line printed after {@code plat: }. */
  public String display() {
    return getMessage();
  }

  private static String describe(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && !message.isBlank()) {
        // the JDK says "Connection refused", "Connect timed out": lower case after "cannot reach URL: "
        return Character.toLowerCase(message.charAt(0)) + message.substring(1);
      }
      if (t instanceof java.nio.channels.UnresolvedAddressException) {
        return "unknown host";
      }
    }
    return cause instanceof java.net.ConnectException ? "connection refused" : String.valueOf(cause);
  }
}
