package dev.plat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code plat stop NAME}: stop a function's instances; it stays deployed. */
@Command(name = "stop", description = "Stop a function's instances; it stays deployed.")
final class StopCommand implements Callable<Integer> {
  @ParentCommand
  PlatCommand plat;

  @Parameters(paramLabel = "NAME", description = "Function name.")
  String name;

  @Override
  public Integer call() {
    JsonNode body = plat.api().post(ApiPaths.function(name, "stop"));
    plat.context().out().println(plat.json() ? JsonTrees.pretty(body) : "Stopped " + name);
    return ExitCode.OK;
  }
}
