package dev.plat.cluster.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {
  private static final String DIGEST = "sha256:" + "ab".repeat(32);

  @Test
  void readsHostPortPathAndTag() {
    ImageReference ref = ImageReference.parse("127.0.0.1:5001/team/hello:v1");
    assertEquals("127.0.0.1:5001", ref.registry());
    assertEquals("team/hello", ref.repository());
    assertEquals("v1", ref.tag());
    assertNull(ref.digest());
    assertEquals("127.0.0.1:5001/team/hello", ref.name());
    assertEquals("127.0.0.1:5001/team/hello:v1", ref.toString());
  }

  @Test
  void aNameWithoutHostIsOnDockerHubAndWithoutTagIsLatest() {
    ImageReference ref = ImageReference.parse("library/python");
    assertEquals(ImageReference.DOCKER_HUB, ref.registry());
    assertEquals("latest", ref.tag());
    assertEquals("library/python:latest", ref.tagged());
    assertEquals("localhost", ImageReference.parse("localhost/fn").registry());
    assertEquals(ImageReference.DOCKER_HUB, ImageReference.parse("team/fn:1").registry());
  }

  @Test
  void keepsADigestWithOrWithoutTag() {
    ImageReference both = ImageReference.parse("registry.example.com/fn:1.0@" + DIGEST);
    assertEquals("1.0", both.tag());
    assertEquals(DIGEST, both.digest());
    ImageReference pinned = ImageReference.parse("registry.example.com:443/a/b/c@" + DIGEST);
    assertNull(pinned.tag());
    assertEquals("registry.example.com:443/a/b/c", pinned.tagged());
    assertEquals("registry.example.com:443/a/b/c@" + DIGEST, pinned.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "UPPER/case", "fn:", "fn:-bad", "host:5000/", "/fn", "a//b", "fn@sha256:xyz",
    "fn@md5:" + "00", "bad_host.:5000/fn", "fn:tag:again", " fn", "fn ", "a/-b", "a/b-", "fn@"})
  void refusesMalformedReferences(String text) {
    assertThrows(IllegalArgumentException.class, () -> ImageReference.parse(text));
  }

  @Test
  void refusesATooLongName() {
    assertThrows(IllegalArgumentException.class, () -> ImageReference.parse("a".repeat(256)));
  }

  @Test
  void requireNamesTheFieldInA400() {
    PlatError e = assertThrows(PlatError.class, () -> ImageReference.require("Bad/Name", "spec.image"));
    assertEquals(400, e.status());
    assertEquals("bad_image", e.code());
    assertTrue(e.getMessage().startsWith("spec.image"), e.getMessage());
    assertEquals(400, assertThrows(PlatError.class, () -> ImageReference.require(42, "image")).status());
  }

  @Test
  void validRegistryHosts() {
    assertTrue(ImageReference.isValidRegistry("127.0.0.1:5001"));
    assertTrue(ImageReference.isValidRegistry("registry.example.com"));
    assertTrue(ImageReference.isValidRegistry("[::1]:5000"));
    assertFalse(ImageReference.isValidRegistry("https://registry.example.com"));
    assertFalse(ImageReference.isValidRegistry("host/path"));
    assertFalse(ImageReference.isValidRegistry(""));
    assertEquals("127.0.0.1:5001", RegistryLogin.requireValidHost("127.0.0.1:5001"));
    assertEquals(400, assertThrows(PlatError.class, () -> RegistryLogin.requireValidHost("a b")).status());
    assertTrue(RegistryLogin.isEntry(RegistryLogin.entry("h:1")));
    assertFalse(RegistryLogin.isEntry("db"));
  }
}
