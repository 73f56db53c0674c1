package dev.plat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ManifestTest {
  @Test
  void theSpecIsEverythingButNameAndRuntime() {
    Manifest m = new Manifest(JsonTrees.parseObject(
      "{\"name\":\"a\",\"runtime\":\"node\",\"public\":true,\"limits\":{\"memoryMb\":128}}".getBytes(), "t"));
    assertEquals("{\"public\":true,\"limits\":{\"memoryMb\":128}}", JsonTrees.compactAscii(m.spec()));
  }

  @Test
  void overridesMergeIntoTheManifest() {
    Manifest m = new Manifest(JsonTrees.parseObject(
      "{\"name\":\"a\",\"runtime\":\"node\",\"env\":{\"A\":\"1\"},\"scaling\":{\"min\":1,\"max\":5}}".getBytes(), "t"));
    m.set("name", "b").set("runtime", null).setEnv("B", "2").setScaling(0, null).setPublic(false);
    assertEquals("b", m.name());
    assertEquals("node", m.runtime());
    assertEquals("{\"env\":{\"A\":\"1\",\"B\":\"2\"},\"scaling\":{\"min\":0,\"max\":5},\"public\":false}",
      JsonTrees.compactAscii(m.spec()));
  }

  @Test
  void theSpecHeaderIsAsciiOnly() {
    Manifest m = Manifest.of("a", "node").setEnv("GREETING", "grüß dich\n");
    assertEquals("{\"env\":{\"GREETING\":\"gr\\u00FC\\u00DF dich\\n\"}}", JsonTrees.compactAscii(m.spec()));
  }

  @Test
  void namesAreDnsLabels() {
    assertTrue(Manifest.isValidName("a"));
    assertTrue(Manifest.isValidName("my-fn-2"));
    assertTrue(Manifest.isValidName("a".repeat(63)));
    assertFalse(Manifest.isValidName("a".repeat(64)));
    assertFalse(Manifest.isValidName("-a"));
    assertFalse(Manifest.isValidName("a-"));
    assertFalse(Manifest.isValidName("My"));
    assertFalse(Manifest.isValidName("a_b"));
    assertFalse(Manifest.isValidName(""));
    assertFalse(Manifest.isValidName(null));
  }

  @Test
  void validateNeedsANameAndARuntime() {
    assertEquals(1, assertThrows(CliException.class, () -> Manifest.of("ok", null).validate()).exitCode());
    assertThrows(CliException.class, () -> Manifest.of(null, "node").validate());
    Manifest.of("ok", "node").validate();
  }

  @Test
  void aNonObjectEnvIsRefused() {
    Manifest m = new Manifest(JsonTrees.parseObject("{\"env\":\"A=1\"}".getBytes(), "t"));
    assertTrue(assertThrows(CliException.class, () -> m.setEnv("B", "2")).getMessage().contains("\"env\" must be an object"));
  }
}
