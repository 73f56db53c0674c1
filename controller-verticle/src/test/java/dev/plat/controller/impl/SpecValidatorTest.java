package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.plat.cluster.api.FunctionSpec;
import dev.plat.cluster.api.PlatError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecValidatorTest {

  private static String code(JsonObject spec) {
    return assertThrows(PlatError.class, () -> SpecValidator.userSpec(spec)).code();
  }

  private static JsonObject spec() {
    return new JsonObject().put("name", "hello").put("runtime", "python-flask");
  }

  @Test
  void acceptsAMinimalSpecWithDefaults() {
    FunctionSpec s = SpecValidator.userSpec(spec().put("version", 99).put("image", "evil"));
    assertEquals(0, s.version(), "version and image are the platform's, not the user's");
    assertEquals(null, s.image());
    assertEquals(FunctionSpec.Limits.DEFAULT, s.limits());
  }

  @Test
  void refusesBadNamesRuntimesProjectsDomainsEnvLimitsAndScaling() {
    assertEquals("bad_spec", assertThrows(PlatError.class, () -> SpecValidator.userSpec(null)).code());
    assertEquals("bad_name", code(spec().put("name", "UPPER")));
    assertEquals("bad_name", code(spec().put("name", "a".repeat(64))));
    assertEquals("bad_runtime", code(spec().putNull("runtime")));
    assertEquals("bad_runtime", code(spec().put("runtime", "../etc")));
    assertEquals("bad_project", code(spec().put("service", "cart")));
    assertEquals("bad_project", code(spec().put("project", "Shop").put("service", "cart")));
    assertEquals("bad_domain", code(spec().put("domains", new JsonArray().add("not a domain"))));
    assertEquals("bad_env", code(spec().put("env", new JsonObject().put("1X", "v"))));
    assertEquals("bad_limits", code(spec().put("limits", new JsonObject().put("memoryMb", 1))));
    assertEquals("bad_limits", code(spec().put("limits", new JsonObject().put("cpus", 0.0))));
    assertEquals("bad_scaling", code(spec().put("scaling", new JsonObject().put("min", -1))));
    assertEquals("bad_spec", code(spec().put("limits", new JsonObject().put("memoryMb", "lots"))));
  }

  @Test
  void conflictsAreAbout409AndIgnoreTheFunctionItself() {
    FunctionSpec mine = SpecValidator.userSpec(spec().put("project", "shop").put("service", "cart")
      .put("domains", new JsonArray().add("shop.example.com")));
    SpecValidator.checkConflicts(mine, List.of(mine));
    FunctionSpec other = SpecValidator.userSpec(spec().put("name", "other").put("project", "shop").put("service", "cart"));
    PlatError e = assertThrows(PlatError.class, () -> SpecValidator.checkConflicts(mine, List.of(other)));
    assertEquals(409, e.status());
    assertEquals("conflict", e.code());
  }
}
