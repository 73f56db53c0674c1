package dev.plat.builder.impl;

import io.vertx.core.Handler;
import java.util.regex.Pattern;

/**
 * Turns chunks of build output into lines: splits on newlines, keeps what follows the last carriage
 * return of a line (progress bars), drops terminal escapes and blank lines, cuts overlong lines.
 * Not thread-safe: one per stream.
 */
public final class BuildOutputLines {
  static final int MAX_LINE = 4_000;
  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");

  private final Handler<String> lines;
  private final StringBuilder partial = new StringBuilder();

  public BuildOutputLines(Handler<String> lines) {
    this.lines = lines;
  }

  /** Adds a chunk; emits every line it completes. */
  public void accept(String chunk) {
    for (int i = 0; i < chunk.length(); i++) {
      char c = chunk.charAt(i);
      if (c == '\n') {
        emit();
      } else if (partial.length() < MAX_LINE * 2) {
        partial.append(c);
      }
    }
  }

  /** Emits a whole line at once (after whatever partial line is pending). */
  public void line(String line) {
    flush();
    accept(line);
    flush();
  }

  /** Emits the pending partial line, if any. */
  public void flush() {
    emit();
  }

  private void emit() {
    String line = partial.toString();
    partial.setLength(0);
    int cr = line.lastIndexOf('\r', line.length() - 2);
    if (cr >= 0) {
      line = line.substring(cr + 1);
    }
    line = ANSI.matcher(line).replaceAll("").stripTrailing();
    if (line.isBlank()) {
      return;
    }
    lines.handle(line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + " [...]" : line);
  }
}
