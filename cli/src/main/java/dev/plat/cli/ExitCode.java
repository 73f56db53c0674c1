package dev.plat.cli;

/** The process exit codes of {@code plat}. */
final class ExitCode {
  private ExitCode() {
  }

  static final int OK = 0;
  /** The server refused the request, or the user's input (files, names) is wrong. */
  static final int FAILED = 1;
  /** Bad command-line usage or configuration (picocli's default for usage errors). */
  static final int USAGE = 2;
  /** The API could not be reached at all. */
  static final int UNREACHABLE = 3;
}
