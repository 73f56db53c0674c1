package dev.plat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code plat logs [-f] [--tail N] NAME}: the function's instance logs, streamed to stdout; when no
 * container is left, the last lines of its last failed instance (a notice on stderr).
 */
@Command(name = "logs", description = "Print a function's logs.")
final class LogsCommand implements Callable<Integer> {
  @ParentCommand
  PlatCommand plat;

  @Parameters(paramLabel = "NAME", description = "Function name.")
  String name;

  @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until interrupted.")
  boolean follow;

  @Option(names = {"-n", "--tail"}, paramLabel = "N", description = "Only the last N lines of each instance.")
  Integer tail;

  @Override
  public Integer call() {
    if (tail != null && tail < 0) {
      throw CliException.usage("--tail must be 0 or more");
    }
    String query = "?follow=" + follow + (tail == null ? "" : "&tail=" + tail);
    long copied;
    try (InputStream logs = plat.api().stream(ApiPaths.function(name, "logs") + query)) {
      copied = StreamCopy.copy(logs, plat.context().out());
    } catch (IOException e) {
      throw CliException.failed("the log stream of " + name + " broke: " + e.getMessage());
    }
    if (copied == 0) {
      lastFailure();
    }
    return ExitCode.OK;
  }

  /** No container left to read: the lines the controller kept from the last failed instance, if any. */
  private void lastFailure() {
    JsonNode fn = plat.api().get(ApiPaths.function(name));
    if (LastFailure.present(fn)) {
      plat.context().err().println("plat: no container of " + name + " is left; its last failure: "
        + LastFailure.summary(fn));
      LastFailure.printLines(fn, plat.context().out(), "");
    }
  }
}
