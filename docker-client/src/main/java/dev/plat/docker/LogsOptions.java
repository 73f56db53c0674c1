package dev.plat.docker;

/**
 * What {@link DockerClient#logs} reads.
 *
 * @param follow keep the stream open and deliver new output as it is written
 * @param stdout include standard output
 * @param stderr include standard error
 * @param timestamps prefix every line with its RFC 3339 timestamp
 * @param tail {@code all} or the number of last lines to start with
 * @param since only output after this time, epoch seconds ({@code 0}: from the start)
 */
public record LogsOptions(boolean follow, boolean stdout, boolean stderr, boolean timestamps, String tail, long since) {

  public LogsOptions {
    if (!stdout && !stderr) {
      throw new IllegalArgumentException("logs need stdout, stderr or both");
    }
    if (tail == null || !(tail.equals("all") || tail.matches("\\d+"))) {
      throw new IllegalArgumentException("tail must be 'all' or a number, got " + tail);
    }
    if (since < 0) {
      throw new IllegalArgumentException("since must be >= 0");
    }
  }

  /** All output so far, both streams, then the stream ends. */
  public static LogsOptions all() {
    return new LogsOptions(false, true, true, false, "all", 0);
  }

  /** All output so far, both streams, then new output as it comes. */
  public static LogsOptions following() {
    return new LogsOptions(true, true, true, false, "all", 0);
  }

  /** @return a copy with {@code tail} set to the last {@code lines} lines */
  public LogsOptions withTail(int lines) {
    return new LogsOptions(follow, stdout, stderr, timestamps, Integer.toString(lines), since);
  }

  /** @return a copy with timestamps on or off */
  public LogsOptions withTimestamps(boolean on) {
    return new LogsOptions(follow, stdout, stderr, on, tail, since);
  }
}
