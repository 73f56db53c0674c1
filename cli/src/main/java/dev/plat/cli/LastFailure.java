package dev.plat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Instant;

/**
 * A function's {@code lastFailure} ({@code {"reason","exitCode","logs","at"}}) as {@code plat get}
 * and {@code plat logs} print it. The lines are the function's own output: whatever the server
 * sent, control characters (terminal escapes included) are dropped before they reach the terminal.
 */
final class LastFailure {
  private LastFailure() {
  }

  /** Whether the status has a last failure. */
  static boolean present(JsonNode fn) {
    return fn.path("lastFailure").isObject();
  }

  /** {@code <reason> (<time>)}. */
  static String summary(JsonNode fn) {
    JsonNode f = fn.path("lastFailure");
    long at = f.path("at").asLong(0);
    return printable(f.path("reason").asText("?")) + (at > 0 ? " (" + Instant.ofEpochMilli(at) + ")" : "");
  }

  /** Prints its log lines, each after {@code indent}. */
  static void printLines(JsonNode fn, PrintStream out, String indent) {
    fn.path("lastFailure").path("logs").forEach(line -> out.println(indent + printable(line.asText(""))));
  }

  /** {@code text} without control characters (a tab becomes a space). */
  static String printable(String text) {
    StringBuilder b = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> {
      if (cp == '\t') {
        b.append(' ');
      } else if (!Character.isISOControl(cp) && Character.getType(cp) != Character.FORMAT) {
        b.appendCodePoint(cp);
      }
    });
    return b.toString();
  }
}
