package dev.plat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code plat schedules}: every function's schedule with its next run and last run (the tick, its
 * invocation id and state), as a table; {@code -o json}: the API's JSON ({@code GET /api/schedules}).
 */
@Command(name = "schedules", description = "List the functions' schedules with their next and last runs.")
final class SchedulesCommand implements Callable<Integer> {
  @ParentCommand
  PlatCommand plat;

  @Override
  public Integer call() {
    CliContext ctx = plat.context();
    JsonNode body = plat.api().get(ApiPaths.SCHEDULES);
    if (plat.json()) {
      ctx.out().println(JsonTrees.pretty(body));
      return ExitCode.OK;
    }
    JsonNode list = body.path("schedules");
    if (list.isEmpty()) {
      ctx.err().println("No schedules: add \"schedule\" to a function's plat.json, e.g. \"*/5 * * * *\" or \"@every 30s\".");
      return ExitCode.OK;
    }
    Table table = new Table("FUNCTION", "SCHEDULE", "TIMEZONE", "NEXT RUN", "LAST RUN", "INVOCATION", "STATE");
    for (JsonNode s : list) {
      JsonNode last = s.path("lastRun");
      table.row(s.path("function").asText(), s.path("schedule").asText(), s.path("timezone").asText("UTC"),
        time(s.path("nextRun")), time(last.path("tick")), last.path("id").asText("-"), state(last));
    }
    table.print(ctx.out());
    return ExitCode.OK;
  }

  private static String time(JsonNode epochMs) {
    return epochMs.isNumber() ? Instant.ofEpochMilli(epochMs.asLong()).toString() : "-";
  }

  private static String state(JsonNode last) {
    if (!last.has("state")) {
      return "-";
    }
    return last.path("state").asText() + (last.has("status") ? " (" + last.path("status").asText() + ")" : "");
  }
}
