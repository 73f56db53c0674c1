package dev.plat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code plat url NAME}: prints the function's URL. */
@Command(name = "url", description = "Print the URL of a function.")
final class UrlCommand implements Callable<Integer> {
  @ParentCommand
  PlatCommand plat;

  @Parameters(paramLabel = "NAME", description = "Function name.")
  String name;

  @Override
  public Integer call() {
    plat.context().out().println(urlOf(plat.api(), plat.api().get(ApiPaths.function(name))));
    return ExitCode.OK;
  }

  /** The function JSON's {@code url}, else the gateway's invocation route. */
  static String urlOf(ApiClient api, JsonNode fn) {
    String url = fn.path("url").asText("");
    return url.isBlank() ? api.baseUrl() + ApiPaths.invoke(fn.path("name").asText(), "") : url;
  }
}
