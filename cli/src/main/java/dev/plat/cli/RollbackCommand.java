package dev.plat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code plat rollback NAME [--to N]}: registers a new version that runs version N's spec and image
 * (default: the version before the current one), without a rebuild, then waits until it is ready
 * like a deploy; the old instances serve until then.
 */
@Command(name = "rollback", description = "Run an earlier version again, as a new version (no rebuild).")
final class RollbackCommand implements Callable<Integer> {
  @ParentCommand
  PlatCommand plat;

  @Parameters(paramLabel = "NAME", description = "Function name.")
  String name;

  @Option(names = "--to", paramLabel = "N", description = "The version to go back to (default: the one before the current).")
  Long to;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
    description = "How long to wait for the new version to be ready (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Override
  public Integer call() {
    if (to != null && to < 1) {
      throw CliException.usage("--to must be a version number (1 or more)");
    }
    CliContext ctx = plat.context();
    String body = to == null ? "{}" : "{\"to\":" + to + "}";
    JsonNode answer = plat.api().call(plat.api().request(ApiPaths.function(name, "rollback"))
      .header("Content-Type", "application/json").POST(RequestBody.text(body)));
    long version = answer.path("version").asLong();
    long from = answer.path("rolledBackFrom").asLong();
    ctx.err().println("Rolling back " + name + " to v" + from + " as v" + version);
    JsonNode fn = new DeployFollower(plat.api(), ctx.err(), Duration.ofSeconds(timeoutSeconds)).awaitReady(name, version);
    if (plat.json()) {
      ctx.out().println(JsonTrees.pretty(answer));
    } else {
      ctx.out().println("Rolled back " + name + " to v" + from + " as v" + version + ": " + UrlCommand.urlOf(plat.api(), fn));
    }
    return ExitCode.OK;
  }
}
