package dev.plat.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything a command takes from the process around it, so tests can fake it: the standard
 * streams, the environment, the home and working folders and whether a person is watching.
 *
 * @param out         results (stdout)
 * @param err         progress, build logs and errors (stderr)
 * @param in          stdin, for {@code invoke -d @-}
 * @param env         environment variables
 * @param userHome    where {@code .plat/cli.json} lives
 * @param workDir     what relative paths are relative to
 * @param interactive true when attached to a terminal: progress bars instead of plain lines
 */
public record CliContext(PrintStream out, PrintStream err, InputStream in, Map<String, String> env,
    Path userHome, Path workDir, boolean interactive) {

  public CliContext {
    env = Map.copyOf(env);
    workDir = workDir.toAbsolutePath().normalize();
  }

  /** The real process: System streams, environment and folders. */
  public static CliContext system() {
    return new CliContext(System.out, System.err, System.in, System.getenv(),
      Path.of(System.getProperty("user.home")), Path.of(""), System.console() != null);
  }

  /** An environment variable, or null when unset or empty. */
  String env(String name) {
    String value = env.get(name);
    return value == null || value.isEmpty() ? null : value;
  }

  /** {@code path} resolved against the working folder. */
  Path resolve(String path) {
    return workDir.resolve(path).normalize();
  }
}
