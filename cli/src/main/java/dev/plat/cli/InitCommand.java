package dev.plat.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code plat init [--runtime R] [NAME]}: a new function folder from a runtime's template. NAME
 * defaults to {@value #DEFAULT_NAME}; without {@code --runtime} the runtime is asked for on a
 * terminal, and otherwise the command fails naming the choices (exit 2).
 */
@Command(name = "init", description = "Create a function folder from a runtime template.")
final class InitCommand implements Callable<Integer> {
  /** The function (and folder) name when none is given, as in the quick start. */
  static final String DEFAULT_NAME = "my-function";

  @ParentCommand
  PlatCommand plat;

  @Option(names = {"-r", "--runtime"}, paramLabel = "RUNTIME",
      description = "Runtime, e.g. python-flask (asked for on a terminal when missing).")
  String runtime;

  @Option(names = "--runtimes-dir", paramLabel = "DIR",
      description = "Folder of runtimes (default $PLAT_HOME/runtimes, else the ones built into plat).")
  Path runtimesDir;

  @Parameters(paramLabel = "NAME", arity = "0..1", defaultValue = DEFAULT_NAME,
      description = "Function name and folder to create (default ${DEFAULT-VALUE}); '.' for the current folder.")
  String name;

  @Override
  public Integer call() throws IOException {
    CliContext ctx = plat.context();
    Path dir = ctx.resolve(name);
    String fnName = Manifest.requireValidName(".".equals(name) ? String.valueOf(dir.getFileName()) : name);
    if (Files.exists(dir) && !isEmptyDir(dir)) {
      throw CliException.failed(dir + " already exists and is not empty");
    }
    try (Runtimes runtimes = Runtimes.locate(runtimesDir == null ? null : ctx.resolve(runtimesDir.toString()), ctx)) {
      if (runtime == null) {
        runtime = chooseRuntime(ctx, runtimes);
      }
      Optional<Path> template = runtimes.template(runtime);
      if (template.isEmpty()) {
        List<String> known = runtimes.names();
        throw CliException.failed("unknown runtime '" + runtime + "'; known runtimes"
          + " (from " + runtimes.where() + "): " + (known.isEmpty() ? "none" : String.join(", ", known)));
      }
      List<String> files = copy(template.get(), dir);
      writeManifest(dir, fnName);
      ctx.out().println("Created " + fnName + " (" + runtime + ") in " + dir + ": "
        + String.join(", ", files) + (files.contains(Manifest.FILE) ? "" : ", " + Manifest.FILE));
      ctx.out().println("Next: " + (".".equals(name) ? "" : "cd " + name + " && ") + "plat deploy");
    }
    return ExitCode.OK;
  }

  /**
   * The runtime picked from a numbered list on a terminal (a number or a name); off a terminal, a
   * usage error that names the choices.
   */
  private static String chooseRuntime(CliContext ctx, Runtimes runtimes) throws IOException {
    List<String> known = runtimes.names();
    if (known.isEmpty()) {
      throw CliException.failed("no runtimes found in " + runtimes.where());
    }
    if (!ctx.interactive()) {
      throw CliException.usage("which runtime? Choose one with --runtime: " + String.join(", ", known)
        + " (e.g. plat init --runtime " + (known.contains("python-flask") ? "python-flask" : known.get(0)) + ")");
    }
    ctx.err().println("Runtimes:");
    for (int i = 0; i < known.size(); i++) {
      ctx.err().println("  " + (i + 1) + ") " + known.get(i));
    }
    ctx.err().print("Runtime [1-" + known.size() + " or a name]: ");
    ctx.err().flush();
    String answer = new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8)).readLine();
    answer = answer == null ? "" : answer.strip();
    if (answer.matches("[0-9]{1,3}") && Integer.parseInt(answer) >= 1 && Integer.parseInt(answer) <= known.size()) {
      return known.get(Integer.parseInt(answer) - 1);
    }
    if (answer.isEmpty()) {
      throw CliException.usage("no runtime chosen; choose one with --runtime: " + String.join(", ", known));
    }
    return answer;
  }

  private static boolean isEmptyDir(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> children = Files.list(dir)) {
      return children.findAny().isEmpty();
    }
  }

  /** Copies the template's files (from a folder or the jar) and returns their relative names. */
  private static List<String> copy(Path template, Path dir) throws IOException {
    Files.createDirectories(dir);
    List<String> names = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(template)) {
      for (Path source : (Iterable<Path>) walk.sorted()::iterator) {
        if (!Files.isRegularFile(source)) {
          continue;
        }
        String rel = FunctionZipper.name(template, source);
        Path target = dir.resolve(rel);
        Files.createDirectories(target.getParent());
        try (InputStream in = Files.newInputStream(source)) {
          Files.copy(in, target);
        }
        names.add(rel);
      }
    }
    return names;
  }

  /** Writes plat.json: name and runtime, then the other keys of the template's own, if any. */
  private void writeManifest(Path dir, String fnName) throws IOException {
    ObjectNode json = Manifest.of(fnName, runtime).toJson();
    if (Files.exists(dir.resolve(Manifest.FILE))) {
      json.setAll(Manifest.read(dir).spec());
    }
    Files.writeString(dir.resolve(Manifest.FILE), JsonTrees.pretty(json) + "\n");
  }
}
