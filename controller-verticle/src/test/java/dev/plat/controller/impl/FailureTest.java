package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.plat.controller.ContainerEngine;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailureTest {

  @Test
  void theReasonSaysTheRealExitCodeAnOomKillAndTheDaemonsError() {
    assertEquals("exited with code 3", Failure.of("exited with code 137", new ContainerEngine.Exit(false, 3, false, ""),
      List.of(), 20, 1).reason());
    Failure oom = Failure.of("exited with code 137", new ContainerEngine.Exit(false, 137, true, ""), List.of(), 20, 1);
    assertEquals("killed: out of memory (exit code 137)", oom.reason());
    assertEquals(137, oom.exitCode());
    assertEquals("exited with code 127: exec: \"gunicorn\": not found", Failure.of("exited with code 127",
      new ContainerEngine.Exit(false, 127, false, "exec: \"gunicorn\": not found\n"), List.of(), 20, 1).reason());
    Failure unhealthy = Failure.of("not healthy within 30 s", new ContainerEngine.Exit(true, 0, false, ""), List.of(), 20, 1);
    assertEquals("not healthy within 30 s", unhealthy.reason());
    assertNull(unhealthy.exitCode(), "it did not exit");
    assertNull(Failure.of("could not start: no such image", null, List.of(), 20, 1).exitCode());
  }

  @Test
  void logLinesAreHostileTextKeptBoundedWithoutEscapesOrControlCharacters() {
    List<String> lines = List.of("first", "", "\u001b[2J\u001b[31mred\u001b[0m\tand\u0000 \u202eevil\r",
      "\u001b]0;title\u0007after an OSC", "x".repeat(2_000));
    List<String> clean = Failure.clean(lines, 3);
    assertEquals(3, clean.size(), clean::toString);
    assertEquals("red and evil", clean.get(0));
    assertEquals("after an OSC", clean.get(1));
    assertEquals(Failure.MAX_LINE, clean.get(2).length());
    assertEquals(List.of("first"), Failure.clean(List.of("first", "  ", "\u0007"), 20));
  }
}
