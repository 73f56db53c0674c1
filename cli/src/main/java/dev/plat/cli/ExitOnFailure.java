package dev.plat.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** The one place where a failure becomes a line on stderr and an exit code. */
final class ExitOnFailure implements IExecutionExceptionHandler {
  private final PrintStream err;

  ExitOnFailure(PrintStream err) {
    this.err = err;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    if (ex instanceof CliException cli) {
      err.println("plat: " + cli.display());
      return cli.exitCode();
    }
    if (ex instanceof CommandLine.ParameterException usage) {
      err.println("plat: " + usage.getMessage());
      return ExitCode.USAGE;
    }
    Throwable cause = ex instanceof UncheckedIOException unchecked ? unchecked.getCause() : ex;
    if (cause instanceof IOException io) {
      err.println("plat: " + io.getClass().getSimpleName() + ": " + io.getMessage());
      return ExitCode.FAILED;
    }
    err.println("plat: internal error: " + ex);
    return ExitCode.FAILED;
  }
}
