package dev.plat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code plat rm NAME}: deletes a function, its instances and its images (dockerd and registry). */
@Command(name = "rm", aliases = "delete", description = "Delete a function.")
final class RemoveCommand implements Callable<Integer> {
  @ParentCommand
  PlatCommand plat;

  @Parameters(paramLabel = "NAME", description = "Function name.")
  String name;

  @Option(names = "--image", description = "Kept for scripts: the function's images are always deleted, from dockerd and the registry.")
  boolean image;

  @Override
  public Integer call() {
    JsonNode body = plat.api().delete(ApiPaths.function(name) + (image ? "?image=true" : ""));
    plat.context().out().println(plat.json() ? JsonTrees.pretty(body) : "Removed " + name);
    return ExitCode.OK;
  }
}
