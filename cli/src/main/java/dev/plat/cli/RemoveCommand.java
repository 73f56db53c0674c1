package dev.plat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code plat rm NAME}: deletes a function and its instances (and its images with --image). */
@Command(name = "rm", aliases = "delete", description = "Delete a function.")
final class RemoveCommand implements Callable<Integer> {
  @ParentCommand
  PlatCommand plat;

  @Parameters(paramLabel = "NAME", description = "Function name.")
  String name;

  @Option(names = "--image", description = "Also delete the function's images from the registry.")
  boolean image;

  @Override
  public Integer call() {
    JsonNode body = plat.api().delete(ApiPaths.function(name) + (image ? "?image=true" : ""));
    plat.context().out().println(plat.json() ? Json.pretty(body) : "Removed " + name);
    return ExitCode.OK;
  }
}
