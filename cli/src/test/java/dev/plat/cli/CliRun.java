package dev.plat.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs {@code plat} in-process with a fake terminal: captured streams, given env and folders. */
final class CliRun {
  final Map<String, String> env = new HashMap<>();
  final Path home;
  final Path workDir;
  InputStream stdin = new ByteArrayInputStream(new byte[0]);
  /** Whether the fake terminal counts as a person watching ({@link CliContext#interactive()}). */
  boolean interactive;

  /** The outcome of one run. */
  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  CliRun(Path home, Path workDir) {
    this.home = home;
    this.workDir = workDir;
  }

  /** A run against a server at {@code apiUrl} with token {@code test-token}. */
  static CliRun against(String apiUrl, Path tmp) {
    CliRun run = new CliRun(tmp.resolve("home"), tmp);
    run.env.put("API_URL", apiUrl);
    run.env.put("AUTH_TOKEN", "test-token");
    return run;
  }

  Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = run(out, err, args);
    return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs with stdout going to {@code out}, e.g. a stream that watches what arrives. */
  int run(OutputStream out, OutputStream err, String... args) {
    CliContext ctx = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
      new PrintStream(err, true, StandardCharsets.UTF_8), stdin, env, home, workDir, interactive);
    return PlatCommand.commandLine(ctx).execute(args);
  }
}
