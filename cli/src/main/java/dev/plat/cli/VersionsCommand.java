package dev.plat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code plat versions NAME}: the function's kept versions, newest first (or the API's JSON). */
@Command(name = "versions", description = "List a function's versions, newest first.")
final class VersionsCommand implements Callable<Integer> {
  @ParentCommand
  PlatCommand plat;

  @Parameters(paramLabel = "NAME", description = "Function name.")
  String name;

  @Override
  public Integer call() {
    JsonNode body = plat.api().get(ApiPaths.function(name, "versions"));
    if (plat.json()) {
      plat.context().out().println(JsonTrees.pretty(body));
      return ExitCode.OK;
    }
    Table table = new Table("VERSION", "CREATED", "DIGEST", "ORIGIN", "CURRENT");
    for (JsonNode v : body.path("versions")) {
      long created = v.path("createdAt").asLong(0);
      table.row("v" + v.path("version").asText("?"),
        created > 0 ? Instant.ofEpochMilli(created).truncatedTo(ChronoUnit.SECONDS).toString() : "-",
        shortDigest(v.path("digest").asText("")), v.path("origin").asText("-"),
        v.path("current").asBoolean(false) ? "*" : "");
    }
    table.print(plat.context().out());
    return ExitCode.OK;
  }

  /** The first 12 hex digits of a {@code sha256:...} digest, as {@code docker images} shows image ids; "-" when none. */
  static String shortDigest(String digest) {
    String hex = digest.startsWith("sha256:") ? digest.substring("sha256:".length()) : digest;
    return hex.isEmpty() ? "-" : hex.substring(0, Math.min(12, hex.length()));
  }
}
