package dev.plat.builder.impl;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.plat.cluster.api.PlatError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ZipNamesTest {

  @Test
  void normalisesDotSegmentsAndDoubleSlashes() {
    assertEquals("a/b.py", ZipNames.normalize("./a//b.py"));
    assertEquals("lib", ZipNames.normalize("lib/"));
    assertEquals("", ZipNames.normalize("./"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"../evil", "/abs", "a/../../b", "a/../b", "..", "..\\evil", "a\\b", "C:/win", "c:evil",
    "ok\u0000.py", "x/\n/y"})
  void refusesNamesThatCouldLeaveTheFolder(String name) {
    PlatError e = assertThrows(PlatError.class, () -> ZipNames.normalize(name));
    assertEquals(400, e.status());
    assertEquals("zip_slip", e.code());
  }

  @Test
  void acceptsLinksThatStayInside() {
    assertDoesNotThrow(() -> ZipNames.requireInside("lib/current", "v1/module.py"));
    assertDoesNotThrow(() -> ZipNames.requireInside("lib/current", "../handler.py"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/etc/passwd", "../../etc/passwd", "../..", "C:/x", "a\\..\\..\\b"})
  void refusesLinksLeadingOut(String target) {
    PlatError e = assertThrows(PlatError.class, () -> ZipNames.requireInside("lib/link", target));
    assertEquals("zip_slip", e.code());
  }
}
