package dev.plat.controller.impl;

import dev.plat.controller.ContainerEngine;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Why a function's instance last failed, as {@code lastFailure} in its status:
 * {@code {"reason","exitCode","logs":[...],"at"}}. The log lines are the function's own output,
 * so hostile text: bounded in count and length, terminal escape sequences and control characters
 * removed.
 *
 * @param reason   what happened, e.g. {@code exited with code 3}
 * @param exitCode the container's exit code; {@code null} when it did not exit (e.g. not healthy in time)
 * @param logs     its last output lines, cleaned ({@link #clean})
 * @param at       when, epoch ms
 */
record Failure(String reason, Integer exitCode, List<String> logs, long at) {
  /** Longest log line kept, in characters; longer ones are cut and end with an ellipsis. */
  public static final int MAX_LINE = 500;
  private static final Pattern ESCAPES = Pattern.compile("\u001B(\\[[0-?]*[ -/]*[@-~]|\\][^\u0007\u001B]*(\u0007|\u001B\\\\)?|[@-Z\\\\-_])");
  private static final Pattern CONTROLS = Pattern.compile("[\\p{Cc}\\p{Cf}&&[^\t]]");

  public Failure {
    logs = List.copyOf(logs);
  }

  /**
   * The failure of an instance whose container ended as {@code exit} ({@code null}: not known):
   * the reason says the real exit code (an OOM kill, the daemon's error), whatever the event said.
   */
  public static Failure of(String reason, ContainerEngine.Exit exit, List<String> logs, int maxLines, long at) {
    Integer code = null;
    String why = reason;
    if (exit != null && !exit.running()) {
      code = exit.exitCode();
      if (exit.oomKilled()) {
        why = reason.startsWith("killed: out of memory") ? reason : "killed: out of memory (exit code " + code + ")";
      } else if (reason.startsWith("exited with code")) {
        why = "exited with code " + code;
      }
      if (!exit.error().isBlank()) {
        why += ": " + clean(List.of(exit.error()), 1).get(0);
      }
    }
    return new Failure(why, code, clean(logs, maxLines), at);
  }

  /**
   * The last {@code maxLines} non-empty lines of {@code lines}, each without escape sequences and
   * control characters (a tab becomes a space) and cut at {@link #MAX_LINE} characters.
   */
  public static List<String> clean(List<String> lines, int maxLines) {
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      String text = CONTROLS.matcher(ESCAPES.matcher(line).replaceAll("")).replaceAll("").replace('\t', ' ').strip();
      if (text.length() > MAX_LINE) {
        text = text.substring(0, MAX_LINE - 1) + "…";
      }
      if (!text.isEmpty()) {
        out.add(text);
      }
    }
    return List.copyOf(out.subList(Math.max(0, out.size() - Math.max(0, maxLines)), out.size()));
  }

  public JsonObject toJson() {
    return new JsonObject().put("reason", reason).put("exitCode", exitCode).put("logs", new JsonArray(logs))
      .put("at", at);
  }
}
