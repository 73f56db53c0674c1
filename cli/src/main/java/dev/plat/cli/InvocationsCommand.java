package dev.plat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code plat invocations [NAME]}: the recent asynchronous invocations (of one function), newest
 * first, as a table (with the callback's delivery state); {@code --id ID}: one invocation with its
 * result and callback. {@code -o json}: the API's JSON.
 */
@Command(name = "invocations", description = "List asynchronous invocations (plat invoke --async), or show one with --id.")
final class InvocationsCommand implements Callable<Integer> {
  @ParentCommand
  PlatCommand plat;

  @Parameters(paramLabel = "NAME", arity = "0..1", description = "Only this function's invocations.")
  String name;

  @Option(names = "--id", paramLabel = "ID", description = "Show this invocation: state, attempts, result.")
  String id;

  @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "50", description = "At most N (1-500, default 50).")
  int limit;

  @Override
  public Integer call() {
    CliContext ctx = plat.context();
    if (id != null) {
      JsonNode one = plat.api().get(ApiPaths.invocation(id));
      if (plat.json()) {
        ctx.out().println(JsonTrees.pretty(one));
        return ExitCode.OK;
      }
      show(ctx, one);
      return ExitCode.OK;
    }
    JsonNode body = plat.api().get(ApiPaths.invocations(name, limit));
    if (plat.json()) {
      ctx.out().println(JsonTrees.pretty(body));
      return ExitCode.OK;
    }
    JsonNode list = body.path("invocations");
    if (list.isEmpty()) {
      ctx.err().println(name == null ? "No asynchronous invocations." : "No asynchronous invocations of " + name + ".");
      return ExitCode.OK;
    }
    long now = System.currentTimeMillis();
    Table table = new Table("ID", "FUNCTION", "STATE", "ATTEMPTS", "STATUS", "CALLBACK", "AGE");
    for (JsonNode i : list) {
      table.row(i.path("id").asText(), i.path("function").asText(), i.path("state").asText(),
        i.path("attempts").asText("0"), status(i), i.path("callback").path("state").asText("-"),
        age(now - i.path("createdAt").asLong(now)));
    }
    table.print(ctx.out());
    return ExitCode.OK;
  }

  private static void show(CliContext ctx, JsonNode i) {
    ctx.out().println("id:       " + i.path("id").asText());
    ctx.out().println("function: " + i.path("function").asText());
    ctx.out().println("state:    " + i.path("state").asText());
    ctx.out().println("attempts: " + i.path("attempts").asText("0"));
    ctx.out().println("status:   " + status(i));
    JsonNode callback = i.path("callback");
    if (i.has("callbackUrl")) {
      ctx.out().println("callback: " + i.path("callbackUrl").asText() + (callback.isMissingNode() ? ""
        : " (" + callback.path("state").asText() + ", " + callback.path("attempts").asInt() + " sent"
        + (callback.has("status") ? ", last status " + statusText(callback.path("status")) : "") + ")"));
    }
    JsonNode result = i.path("result");
    if (result.has("body")) {
      ctx.out().println("body" + ("base64".equals(result.path("bodyEncoding").asText()) ? " (base64)" : "")
        + (result.path("truncated").asBoolean() ? " (truncated)" : "") + ":");
      ctx.out().println(result.path("body").asText());
    }
  }

  private static String status(JsonNode i) {
    return statusText(i.path("result").path("status"));
  }

  private static String statusText(JsonNode status) {
    return status.isMissingNode() ? "-" : status.asInt() == 0 ? "no answer" : status.asText();
  }

  /** "12s", "5m", "3h", "2d". */
  static String age(long ms) {
    Duration d = Duration.ofMillis(Math.max(0, ms));
    if (d.toMinutes() < 1) {
      return d.toSeconds() + "s";
    }
    if (d.toHours() < 1) {
      return d.toMinutes() + "m";
    }
    return d.toDays() < 1 ? d.toHours() + "h" : d.toDays() + "d";
  }
}
