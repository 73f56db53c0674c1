package dev.plat.docker.impl;

import java.util.ArrayDeque;
import java.util.List;

/** The last lines of a build's output, kept for the error report. */
final class LogTail {

  private final int max;
  private final ArrayDeque<String> lines = new ArrayDeque<>();

  LogTail(int max) {
    this.max = max;
  }

  void add(String text) {
    for (String line : text.split("\n")) {
      String trimmed = line.strip();
      if (!trimmed.isEmpty()) {
        if (lines.size() == max) {
          lines.removeFirst();
        }
        lines.addLast(trimmed);
      }
    }
  }

  List<String> lines() {
    return List.copyOf(lines);
  }
}
