package dev.plat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code plat traffic NAME v3=90 v4=10}: shares the function's invocations among kept versions by
 * whole percentages summing to 100 ({@code latest} stands for the current version);
 * {@code plat traffic NAME --latest} (or {@code latest=100}) sends them all to the current version
 * again; {@code plat traffic NAME} alone shows the split.
 */
@Command(name = "traffic", description = "Show or set how a function's invocations are shared among its versions.")
final class TrafficCommand implements Callable<Integer> {
  @ParentCommand
  PlatCommand plat;

  @Parameters(index = "0", paramLabel = "NAME", description = "Function name.")
  String name;

  @Parameters(index = "1..*", paramLabel = "vN=PERCENT",
    description = "A version and its share, e.g. v3=90 v4=10 (summing to 100; 'latest' is the current version).")
  List<String> weights = new ArrayList<>();

  @Option(names = "--latest", description = "Send every invocation to the current version (end the split).")
  boolean latest;

  @Override
  public Integer call() {
    if (latest && !weights.isEmpty()) {
      throw CliException.usage("give either --latest or versions with their shares, not both");
    }
    JsonNode fn;
    if (!latest && weights.isEmpty()) {
      fn = plat.api().get(ApiPaths.function(name));
    } else {
      ObjectNode body = JsonTrees.object();
      if (latest || weights.equals(List.of("latest=100"))) {
        body.put("latest", true);
      } else {
        Map<String, Integer> split = parse(weights, () -> plat.api().get(ApiPaths.function(name)).path("version").asLong());
        ObjectNode traffic = body.putObject("traffic");
        split.forEach(traffic::put);
      }
      fn = plat.api().call(plat.api().request(ApiPaths.function(name, "traffic"))
        .header("Content-Type", "application/json").method("PUT", RequestBody.text(body.toString())));
    }
    if (plat.json()) {
      plat.context().out().println(JsonTrees.pretty(fn));
      return ExitCode.OK;
    }
    print(fn);
    return ExitCode.OK;
  }

  private void print(JsonNode fn) {
    long current = fn.path("version").asLong();
    Table table = new Table("VERSION", "TRAFFIC");
    fn.path("traffic").fields().forEachRemaining(e -> table.row("v" + e.getKey()
      + (e.getKey().equals(Long.toString(current)) ? " (current)" : ""), e.getValue().asInt() + "%"));
    table.print(plat.context().out());
  }

  /** {@code ["v3=90","latest=10"]} -> {@code {"3":90,"<current>":10}}; a usage error for a bad entry. */
  static Map<String, Integer> parse(List<String> weights, java.util.function.LongSupplier current) {
    Map<String, Integer> split = new LinkedHashMap<>();
    int sum = 0;
    for (String w : weights) {
      int eq = w.indexOf('=');
      if (eq < 1 || eq == w.length() - 1) {
        throw CliException.usage("'" + w + "' is not vN=PERCENT (e.g. v3=90)");
      }
      String version = w.substring(0, eq).trim();
      if (version.equals("latest")) {
        version = Long.toString(current.getAsLong());
      } else {
        version = version.startsWith("v") ? version.substring(1) : version;
        if (!version.matches("[1-9][0-9]{0,17}")) {
          throw CliException.usage("'" + w.substring(0, eq) + "' is not a version (e.g. v3, or latest)");
        }
      }
      int percent;
      try {
        percent = Integer.parseInt(w.substring(eq + 1).trim().replace("%", ""));
      } catch (NumberFormatException e) {
        throw CliException.usage("'" + w.substring(eq + 1) + "' is not a whole percentage");
      }
      if (percent < 0 || percent > 100) {
        throw CliException.usage("a share is a whole percentage from 0 to 100, not " + percent);
      }
      if (split.put(version, percent) != null) {
        throw CliException.usage("v" + version + " is given twice");
      }
      sum += percent;
    }
    if (sum != 100) {
      throw CliException.usage("the shares must sum to 100, not " + sum);
    }
    return split;
  }
}
