package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    assertEquals("bad_limits", code(spec().put("limits", new JsonObject().put("memoryMb", "lots"))));
  }

  @Test
  void numbersThatOverflowOrLeaveTheirRangeAre400NamingTheField() {
    assertRefused("bad_limits", "limits.memoryMb", spec().put("limits", new JsonObject().put("memoryMb", 4294967312L)));
    assertRefused("bad_scaling", "scaling.max", spec().put("scaling", new JsonObject().put("max", 99999999999L)));
    assertRefused("bad_limits", "limits.pids", spec().put("limits", new JsonObject().put("pids", 12.5)));
    assertRefused("bad_limits", "limits.timeoutSeconds",
      spec().put("limits", new JsonObject().put("timeoutSeconds", new java.math.BigInteger("1".repeat(30)))));
    SpecValidator.Bounds node = new SpecValidator.Bounds(2, 4096, 10, List.of("egress"));
    assertRefused("bad_limits", "limits.cpus", () -> SpecValidator.userSpec(
      spec().put("limits", new JsonObject().put("cpus", 500)), node));
    assertRefused("bad_limits", "limits.memoryMb", () -> SpecValidator.userSpec(
      spec().put("limits", new JsonObject().put("memoryMb", 8192)), node));
    assertRefused("bad_scaling", "scaling.max", () -> SpecValidator.userSpec(
      spec().put("scaling", new JsonObject().put("max", 11)), node));
    FunctionSpec within = SpecValidator.userSpec(spec().put("limits", new JsonObject().put("cpus", 2).put("memoryMb", 4096))
      .put("scaling", new JsonObject().put("max", 10)).put("network", "egress"), node);
    assertEquals(4096, within.limits().memoryMb());
    assertEquals(10, within.scaling().max());
  }

  @Test
  void onlyNetworksTheOperatorListsAreAccepted() {
    SpecValidator.Bounds none = new SpecValidator.Bounds(2, 4096, 10, List.of());
    SpecValidator.Bounds egress = new SpecValidator.Bounds(2, 4096, 10, List.of("egress"));
    for (String network : List.of("host", "container:abc", "bridge", "egress")) {
      assertRefused("bad_network", network, () -> SpecValidator.userSpec(spec().put("network", network), none));
    }
    for (String network : List.of("host", "container:abc", "bridge")) {
      assertRefused("bad_network", network, () -> SpecValidator.userSpec(spec().put("network", network), egress));
    }
    assertEquals("egress", SpecValidator.userSpec(spec().put("network", "egress"), egress).network());
    assertNull(SpecValidator.userSpec(spec(), none).network());
  }

  private static void assertRefused(String code, String field, JsonObject spec) {
    assertRefused(code, field, () -> SpecValidator.userSpec(spec, SpecValidator.Bounds.NONE));
  }

  private static void assertRefused(String code, String named, org.junit.jupiter.api.function.Executable call) {
    PlatError e = assertThrows(PlatError.class, call);
    assertEquals(code, e.code(), e::getMessage);
    assertEquals(400, e.status(), e::getMessage);
    assertTrue(e.getMessage().contains(named), e::getMessage);
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
