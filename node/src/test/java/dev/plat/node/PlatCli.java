package dev.plat.node;

import dev.plat.cli.CliContext;
import dev.plat.cli.PlatCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code plat} command line run in-process against a node, as a user runs it: {@code API_URL}
 * and {@code AUTH_TOKEN} in the environment, {@code PLAT_HOME} at the repository (as the
 * {@code ./plat} script sets it), a home folder of its own, stdout and stderr captured.
 */
final class PlatCli {
  private final Map<String, String> env;
  private final Path home;

  /** The outcome of one command. */
  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  PlatCli(String apiUrl, String token, Path home) {
    this.env = Map.of("API_URL", apiUrl, "AUTH_TOKEN", token, "PLAT_HOME", NodeProcess.repoRoot().toString());
    this.home = home;
  }

  /** A CLI for {@code node} with its admin token. */
  static PlatCli against(NodeProcess node, Path home) {
    return new PlatCli(node.url(), NodeProcess.ADMIN_TOKEN, home);
  }

  /** Runs {@code plat args...} in {@code workDir}. */
  Result run(Path workDir, String... args) {
    return runWithInput(workDir, new byte[0], args);
  }

  /** {@link #run} with {@code stdin} as the CLI's standard input. */
  Result runWithInput(Path workDir, byte[] stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CliContext ctx = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
      new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(stdin), env, home,
      workDir, false);
    int exit = PlatCommand.commandLine(ctx).execute(args);
    return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
