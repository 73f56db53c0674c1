package dev.plat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code plat get NAME}: one function's details (or the API's JSON). */
@Command(name = "get", description = "Show a function's details.")
final class GetCommand implements Callable<Integer> {
  @ParentCommand
  PlatCommand plat;

  @Parameters(paramLabel = "NAME", description = "Function name.")
  String name;

  @Override
  public Integer call() {
    JsonNode fn = plat.api().get(ApiPaths.function(name));
    PrintStream out = plat.context().out();
    if (plat.json()) {
      out.println(JsonTrees.pretty(fn));
      return ExitCode.OK;
    }
    Table details = new Table("Name:", fn.path("name").asText(name));
    details.row("Runtime:", fn.path("runtime").asText("-"))
      .row("Version:", "v" + fn.path("version").asText("?"))
      .row("State:", fn.path("state").asText("-") + (fn.hasNonNull("error") ? " (" + fn.get("error").asText() + ")" : ""))
      .row("URL:", UrlCommand.urlOf(plat.api(), fn))
      .row("Public:", fn.path("public").asText("false"))
      .row("Requests/min:", ListCommand.requestsPerMinute(fn))
      .row("p95:", ListCommand.p95(fn));
    optional(details, "Image:", fn.path("image").asText(""));
    optional(details, "Project:", join(fn.path("project").asText(""), fn.path("service").asText("")));
    optional(details, "Network:", fn.path("network").asText(""));
    optional(details, "Domains:", join(fn.path("domains")));
    optional(details, "Env:", join(names(fn.path("env"))));
    optional(details, "Secrets:", join(fn.path("secrets")));
    optional(details, "Secret env:", labels(fn.path("secretEnv")));
    optional(details, "Limits:", fields(fn.path("limits")));
    optional(details, "Scaling:", fields(fn.path("scaling")));
    optional(details, "Health path:", fn.path("healthPath").asText("/_/health").equals("/_/health") ? ""
      : fn.path("healthPath").asText());
    optional(details, "Start timeout:", fn.path("startTimeoutSeconds").isNumber()
      ? fn.path("startTimeoutSeconds").asText() + " s" : "");
    optional(details, "Traffic:", traffic(fn));
    optional(details, "Labels:", labels(fn.path("labels")));
    optional(details, "Description:", fn.path("description").asText("").replaceAll("[\\n\\t]", " "));
    long updated = fn.path("updatedAt").asLong(0);
    optional(details, "Updated:", updated > 0 ? Instant.ofEpochMilli(updated).toString() : "");
    optional(details, "Last failure:", LastFailure.present(fn) ? LastFailure.summary(fn) : "");
    details.print(out);
    if (LastFailure.present(fn) && !fn.path("lastFailure").path("logs").isEmpty()) {
      out.println();
      out.println("Its last lines:");
      LastFailure.printLines(fn, out, "  ");
    }
    JsonNode instances = fn.path("instances");
    out.println();
    if (instances.isEmpty()) {
      out.println("No instances running.");
      return ExitCode.OK;
    }
    // several versions run at once (a traffic split, a rolling update): each instance says which
    java.util.Set<String> versions = new java.util.HashSet<>();
    instances.forEach(i -> versions.add(i.path("version").asText()));
    Table table = versions.size() > 1 ? new Table("INSTANCE", "STATE", "VERSION", "NODE") : new Table("INSTANCE", "STATE", "NODE");
    instances.forEach(i -> {
      if (versions.size() > 1) {
        table.row(i.path("id").asText(), i.path("state").asText("-"), "v" + i.path("version").asText(),
          i.path("node").asText("-"));
      } else {
        table.row(i.path("id").asText(), i.path("state").asText("-"), i.path("node").asText("-"));
      }
    });
    table.print(out);
    return ExitCode.OK;
  }

  /** {@code v3 90%, v4 10%} while a split is set; empty when every invocation goes to the current version. */
  static String traffic(JsonNode fn) {
    JsonNode traffic = fn.path("traffic");
    String current = fn.path("version").asText();
    if (traffic.size() <= 1 && (traffic.isEmpty() || traffic.has(current))) {
      return "";
    }
    List<String> shares = new ArrayList<>();
    traffic.fields().forEachRemaining(e -> shares.add("v" + e.getKey() + " " + e.getValue().asInt() + "%"));
    return String.join(", ", shares);
  }

  private static void optional(Table table, String label, String value) {
    if (!value.isBlank()) {
      table.row(label, value);
    }
  }

  private static String join(String project, String service) {
    return project.isEmpty() ? "" : service.isEmpty() ? project : project + " / " + service;
  }

  private static String join(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return String.join(", ", values);
  }

  private static String labels(JsonNode object) {
    List<String> pairs = new ArrayList<>();
    object.fields().forEachRemaining(e -> pairs.add(e.getKey() + "=" + e.getValue().asText()));
    return String.join(", ", pairs);
  }

  private static JsonNode names(JsonNode object) {
    var names = JsonTrees.object().arrayNode();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String fields(JsonNode object) {
    List<String> pairs = new ArrayList<>();
    object.fields().forEachRemaining(e -> pairs.add(e.getKey() + " " + e.getValue().asText()));
    return String.join(", ", pairs);
  }
}
