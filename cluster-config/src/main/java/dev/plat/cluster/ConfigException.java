package dev.plat.cluster;

import java.util.List;

/**
 * The configuration cannot be used: an unknown flag or key, a bad value, an unreadable file.
 * The message names the setting, what was expected, what was given and where it came from, one
 * problem per line, e.g. {@code httpPort must be 0-65535 (0: a free port), got 'abc' (from PLAT_HTTP_PORT)}.
 * A launcher prints it and exits.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public ConfigException(String problem) {
    this(List.of(problem));
  }

  public ConfigException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, in the order of the keys; never empty. */
  public List<String> problems() {
    return problems;
  }
}
