package dev.plat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/**
 * {@code plat secret create|update|ls|rm}: secrets a function lists in {@code "secrets"} of its
 * plat.json and reads as files {@code /run/secrets/NAME/KEY}. Values go to the gateway and never
 * come back: no command prints one.
 */
@Command(name = "secret", aliases = "secrets", description = "Manage secrets (values are write-only).",
    subcommands = {SecretCommand.Create.class, SecretCommand.Update.class, SecretCommand.List.class,
      SecretCommand.Remove.class})
final class SecretCommand implements Runnable {
  static final String PATH = "/api/secrets";

  @ParentCommand
  PlatCommand plat;

  @Override
  public void run() {
    throw CliException.usage("missing secret command: create, update, ls or rm (see plat secret --help)");
  }

  /** The values given with {@code --from-literal} and {@code --from-file}. */
  static final class Values {
    @Option(names = "--from-literal", paramLabel = "KEY=VALUE", description = "A key and its value; repeatable.")
    java.util.List<String> literals = new ArrayList<>();

    @Option(names = "--from-file", paramLabel = "FILE", description = "A file: its name is the key, its bytes the value (any bytes); repeatable.")
    java.util.List<Path> files = new ArrayList<>();

    /**
     * Puts {@code "data"} in {@code body}: text values as they are; when a file is not UTF-8 text,
     * every value in base64 with {@code "encoding": "base64"}, so its bytes arrive unchanged.
     */
    void into(ObjectNode body) {
      java.util.Map<String, byte[]> values = new java.util.LinkedHashMap<>();
      for (String literal : literals) {
        int eq = literal.indexOf('=');
        if (eq <= 0) {
          throw CliException.usage("--from-literal needs KEY=VALUE");
        }
        put(values, literal.substring(0, eq), literal.substring(eq + 1).getBytes(StandardCharsets.UTF_8));
      }
      for (Path file : files) {
        try {
          put(values, file.getFileName().toString(), Files.readAllBytes(file));
        } catch (IOException e) {
          throw CliException.failed("cannot read " + file + ": " + e.getMessage());
        }
      }
      if (values.isEmpty()) {
        throw CliException.usage("give the values with --from-literal KEY=VALUE or --from-file FILE");
      }
      boolean text = values.values().stream().allMatch(Values::isText);
      ObjectNode data = JsonTrees.object();
      values.forEach((key, value) -> data.put(key, text ? new String(value, StandardCharsets.UTF_8)
        : java.util.Base64.getEncoder().encodeToString(value)));
      body.set("data", data);
      if (!text) {
        body.put("encoding", "base64");
      }
    }

    private static boolean isText(byte[] value) {
      try {
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value));
        return true;
      } catch (CharacterCodingException e) {
        return false;
      }
    }

    private static void put(java.util.Map<String, byte[]> values, String key, byte[] value) {
      if (values.containsKey(key)) {
        throw CliException.usage("key '" + key + "' is given twice");
      }
      values.put(key, value);
    }
  }

  @Command(name = "create", description = "Create a secret.")
  static final class Create implements Callable<Integer> {
    @ParentCommand
    SecretCommand parent;

    @Parameters(paramLabel = "NAME", description = "Secret name (a-z, 0-9, '-').")
    String name;

    @picocli.CommandLine.Mixin
    Values values = new Values();

    @Override
    public Integer call() {
      ObjectNode body = JsonTrees.object().put("name", name);
      values.into(body);
      return send(parent.plat, "POST", PATH, body, "Created secret " + name);
    }
  }

  @Command(name = "update", description = "Replace a secret's values; the functions using it are rolled.")
  static final class Update implements Callable<Integer> {
    @ParentCommand
    SecretCommand parent;

    @Parameters(paramLabel = "NAME", description = "Secret name.")
    String name;

    @picocli.CommandLine.Mixin
    Values values = new Values();

    @Override
    public Integer call() {
      ObjectNode body = JsonTrees.object();
      values.into(body);
      return send(parent.plat, "PUT", PATH + "/" + ApiPaths.segment(name), body, "Updated secret " + name);
    }
  }

  @Command(name = "ls", aliases = "list", description = "List the secrets: names, keys, the functions using each.")
  static final class List implements Callable<Integer> {
    @ParentCommand
    SecretCommand parent;

    @Override
    public Integer call() {
      PlatCommand plat = parent.plat;
      JsonNode body = plat.api().get(PATH);
      if (plat.json()) {
        plat.context().out().println(JsonTrees.pretty(body));
        return ExitCode.OK;
      }
      JsonNode secrets = body.path("secrets");
      if (secrets.isEmpty()) {
        plat.context().err().println("No secrets yet. Create one: plat secret create NAME --from-literal KEY=VALUE");
        return ExitCode.OK;
      }
      Table table = new Table("NAME", "KEYS", "FUNCTIONS", "UPDATED");
      for (JsonNode s : secrets) {
        table.row(s.path("name").asText(), join(s.path("keys")), join(s.path("functions")),
          Instant.ofEpochMilli(s.path("updatedAt").asLong()).toString());
      }
      table.print(plat.context().out());
      return ExitCode.OK;
    }

    private static String join(JsonNode array) {
      java.util.List<String> items = new ArrayList<>();
      array.forEach(n -> items.add(n.asText()));
      return items.isEmpty() ? "-" : String.join(",", items);
    }
  }

  @Command(name = "rm", aliases = "delete", description = "Delete a secret no function uses.")
  static final class Remove implements Callable<Integer> {
    @ParentCommand
    SecretCommand parent;

    @Parameters(paramLabel = "NAME", description = "Secret name.")
    String name;

    @Override
    public Integer call() {
      PlatCommand plat = parent.plat;
      JsonNode body = plat.api().delete(PATH + "/" + ApiPaths.segment(name));
      plat.context().out().println(plat.json() ? JsonTrees.pretty(body) : "Removed secret " + name);
      return ExitCode.OK;
    }
  }

  private static int send(PlatCommand plat, String method, String path, ObjectNode body, String done) {
    JsonNode answer = plat.api().call(plat.api().request(path).header("Content-Type", "application/json")
      .method(method, RequestBody.text(JsonTrees.compactAscii(body))));
    plat.context().out().println(plat.json() ? JsonTrees.pretty(answer) : done + " (keys: "
      + String.join(", ", keys(answer)) + ")");
    return ExitCode.OK;
  }

  private static java.util.List<String> keys(JsonNode answer) {
    java.util.List<String> keys = new ArrayList<>();
    answer.path("keys").forEach(k -> keys.add(k.asText()));
    return keys;
  }
}
