package dev.plat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code plat ls}: the deployed functions as a table (or the API's JSON). */
@Command(name = "ls", aliases = "list", description = "List the functions.")
final class ListCommand implements Callable<Integer> {
  @ParentCommand
  PlatCommand plat;

  @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE",
    description = "Only functions with this label (KEY=VALUE, or KEY for any value); repeat: all must match.")
  List<String> labels = new ArrayList<>();

  @Override
  public Integer call() {
    CliContext ctx = plat.context();
    JsonNode body = plat.api().get(ApiPaths.functions(labels));
    if (plat.json()) {
      ctx.out().println(JsonTrees.pretty(body));
      return ExitCode.OK;
    }
    JsonNode functions = body.path("functions");
    if (functions.isEmpty() && !labels.isEmpty()) {
      ctx.err().println("No function has the label(s) " + String.join(", ", labels) + ".");
      return ExitCode.OK;
    }
    if (functions.isEmpty()) {
      ctx.err().println("No functions yet. Create one: plat init --runtime python-flask NAME");
      return ExitCode.OK;
    }
    Table table = new Table("NAME", "RUNTIME", "VERSION", "STATE", "INSTANCES", "REQ/MIN", "P95", "URL");
    for (JsonNode fn : functions) {
      table.row(fn.path("name").asText(), fn.path("runtime").asText("-"), "v" + fn.path("version").asText("?"),
        fn.path("state").asText("-"), String.valueOf(fn.path("instances").size()), requestsPerMinute(fn), p95(fn),
        UrlCommand.urlOf(plat.api(), fn));
    }
    table.print(ctx.out());
    return ExitCode.OK;
  }

  /** The function's invocations in the last minute, from its status' {@code metrics}; "-" when unknown. */
  static String requestsPerMinute(JsonNode fn) {
    JsonNode rpm = fn.path("metrics").path("requestsPerMinute");
    return rpm.isNumber() ? String.valueOf(rpm.asLong()) : "-";
  }

  /** The p95 latency of the last minute ("18 ms", "2.5 ms" under 10 ms); "-" when there were no invocations. */
  static String p95(JsonNode fn) {
    JsonNode p95 = fn.path("metrics").path("p95Ms");
    if (!p95.isNumber()) {
      return "-";
    }
    double ms = p95.asDouble();
    return (ms < 10 ? String.format(java.util.Locale.ROOT, "%.1f", ms) : String.valueOf(Math.round(ms))) + " ms";
  }
}
