package dev.plat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/**
 * {@code plat registry login|ls|logout}: credentials for private registries, per host, used when a
 * function's own image is pulled ({@code plat deploy --image}). The password is read from stdin,
 * sent once to the gateway (which seals it) and never printed nor answered.
 */
@Command(name = "registry", aliases = "registries", description = "Manage private registry credentials (write-only).",
    subcommands = {RegistryCommand.Login.class, RegistryCommand.List.class, RegistryCommand.Logout.class})
final class RegistryCommand implements Runnable {
  static final String PATH = "/api/registries";

  @ParentCommand
  PlatCommand plat;

  @Override
  public void run() {
    throw CliException.usage("missing registry command: login, ls or logout (see plat registry --help)");
  }

  @Command(name = "login", description = "Store the credentials for a registry host (password from stdin).")
  static final class Login implements Callable<Integer> {
    @ParentCommand
    RegistryCommand parent;

    @Parameters(paramLabel = "HOST", description = "Registry host[:port], as in the image reference.")
    String host;

    @Option(names = {"-u", "--username"}, paramLabel = "USER", required = true, description = "User name.")
    String username;

    @Option(names = "--password-stdin", required = true, description = "Read the password from stdin.")
    boolean passwordStdin;

    @Override
    public Integer call() {
      PlatCommand plat = parent.plat;
      String password;
      try {
        password = new String(plat.context().in().readAllBytes(), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw CliException.failed("cannot read the password from stdin: " + e.getMessage());
      }
      if (password.isEmpty()) {
        throw CliException.usage("no password on stdin (echo \"$PASSWORD\" | plat registry login HOST -u USER --password-stdin)");
      }
      ObjectNode body = JsonTrees.object().put("username", username).put("password", password);
      JsonNode answer = plat.api().call(plat.api().request(PATH + "/" + ApiPaths.segment(host))
        .header("Content-Type", "application/json").method("PUT", RequestBody.text(JsonTrees.compactAscii(body))));
      plat.context().out().println(plat.json() ? JsonTrees.pretty(answer) : "Login stored for " + host);
      return ExitCode.OK;
    }
  }

  @Command(name = "ls", aliases = "list", description = "List the registries with stored credentials.")
  static final class List implements Callable<Integer> {
    @ParentCommand
    RegistryCommand parent;

    @Override
    public Integer call() {
      PlatCommand plat = parent.plat;
      JsonNode body = plat.api().get(PATH);
      if (plat.json()) {
        plat.context().out().println(JsonTrees.pretty(body));
        return ExitCode.OK;
      }
      JsonNode registries = body.path("registries");
      if (registries.isEmpty()) {
        plat.context().err().println("No registry logins. Add one: plat registry login HOST -u USER --password-stdin");
        return ExitCode.OK;
      }
      Table table = new Table("HOST", "UPDATED");
      for (JsonNode r : registries) {
        table.row(r.path("host").asText(), Instant.ofEpochMilli(r.path("updatedAt").asLong()).toString());
      }
      table.print(plat.context().out());
      return ExitCode.OK;
    }
  }

  @Command(name = "logout", description = "Forget the credentials of a registry host.")
  static final class Logout implements Callable<Integer> {
    @ParentCommand
    RegistryCommand parent;

    @Parameters(paramLabel = "HOST", description = "Registry host[:port].")
    String host;

    @Override
    public Integer call() {
      PlatCommand plat = parent.plat;
      JsonNode body = plat.api().delete(PATH + "/" + ApiPaths.segment(host));
      plat.context().out().println(plat.json() ? JsonTrees.pretty(body) : "Removed the login for " + host);
      return ExitCode.OK;
    }
  }
}
