package dev.plat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code plat start NAME}: start a stopped function. */
@Command(name = "start", description = "Start a stopped function.")
final class StartCommand implements Callable<Integer> {
  @ParentCommand
  PlatCommand plat;

  @Parameters(paramLabel = "NAME", description = "Function name.")
  String name;

  @Override
  public Integer call() {
    JsonNode body = plat.api().post(ApiPaths.function(name, "start"));
    plat.context().out().println(plat.json() ? JsonTrees.pretty(body) : "Started " + name);
    return ExitCode.OK;
  }
}
