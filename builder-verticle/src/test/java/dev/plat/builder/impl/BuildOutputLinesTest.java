package dev.plat.builder.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuildOutputLinesTest {
  private final List<String> lines = new ArrayList<>();
  private final BuildOutputLines splitter = new BuildOutputLines(lines::add);

  @Test
  void joinsChunksIntoLinesAndDropsBlankOnes() {
    splitter.accept("Step 1/9 : ARG BASE");
    splitter.accept("_IMAGE\n ---> Using cache\n\n ---> 1a2b\n");
    splitter.accept("tail without newline");
    splitter.flush();
    assertEquals(List.of("Step 1/9 : ARG BASE_IMAGE", " ---> Using cache", " ---> 1a2b", "tail without newline"), lines);
  }

  @Test
  void keepsTheLastRedrawOfAProgressLineAndStripsEscapes() {
    splitter.accept("10%\r50%\r100% done\r\n\u001B[31mERROR: red\u001B[0m\n");
    assertEquals(List.of("100% done", "ERROR: red"), lines);
  }

  @Test
  void cutsOverlongLines() {
    splitter.accept("x".repeat(BuildOutputLines.MAX_LINE * 3) + "\n");
    assertEquals(1, lines.size());
    assertTrue(lines.get(0).length() < BuildOutputLines.MAX_LINE + 10);
  }
}
