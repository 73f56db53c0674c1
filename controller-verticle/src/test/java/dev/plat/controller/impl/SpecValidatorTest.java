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
    SpecValidator.checkConflicts(mine, List.of(mine), "platform.test");
    FunctionSpec other = SpecValidator.userSpec(spec().put("name", "other").put("project", "shop").put("service", "cart"));
    PlatError e = assertThrows(PlatError.class, () -> SpecValidator.checkConflicts(mine, List.of(other), "platform.test"));
    assertEquals(409, e.status());
    assertEquals("conflict", e.code());
  }

  @Test
  void aHostClaimedInAnyFormIs409() {
    FunctionSpec cart = SpecValidator.userSpec(spec().put("name", "cart").put("project", "shop").put("service", "cart"));
    FunctionSpec byDomain = SpecValidator.userSpec(spec().put("name", "thief")
      .put("domains", new JsonArray().add("shop-cart.platform.test")));
    assertConflict("shop-cart.platform.test", byDomain, cart);
    assertConflict("shop-cart.platform.test", cart, byDomain);
    FunctionSpec sameLabel = SpecValidator.userSpec(spec().put("name", "thief").put("project", "shop-cart").put("service", "x"));
    FunctionSpec other = SpecValidator.userSpec(spec().put("name", "other").put("project", "shop").put("service", "cart-x"));
    assertConflict("shop-cart-x.platform.test", sameLabel, other);
    FunctionSpec elsewhere = SpecValidator.userSpec(spec().put("name", "other")
      .put("domains", new JsonArray().add("shop-cart.example.com")));
    SpecValidator.checkConflicts(elsewhere, List.of(cart), "platform.test");
  }

  private static void assertConflict(String host, FunctionSpec spec, FunctionSpec registered) {
    PlatError e = assertThrows(PlatError.class, () -> SpecValidator.checkConflicts(spec, List.of(registered), "platform.test"));
    assertEquals(409, e.status());
    assertTrue(e.getMessage().contains(host), e::getMessage);
  }

  @Test
  void aDomainIsADnsNameNeverAnIpAddressLocalhostTheBaseDomainOrAGatewayName() {
    SpecValidator.Bounds gateway = new SpecValidator.Bounds(2, 4096, 10, List.of(),
      java.util.Set.of("platform.test", "api.example.com", "127.0.0.1", "localhost"));
    for (String domain : List.of("127.0.0.1", "127.1", "0x7f.1", "0x7f.0.0.1", "0177.0.0.1", "2130706433", "10.0.0.1",
        "[::1]", "::1", "::ffff:127.0.0.1", "[::ffff:7f00:1]", "localhost", "app.localhost", "a.b.localhost",
        "127.0.0.1.", "Cart.Example.com", "platform.test", "api.example.com", "example.com.", "-x.example.com")) {
      PlatError e = assertThrows(PlatError.class,
        () -> SpecValidator.userSpec(spec().put("domains", new JsonArray().add(domain)), gateway), domain);
      assertEquals("bad_domain", e.code(), domain);
      assertEquals(400, e.status(), domain);
    }
    for (String domain : List.of("cart.example.com", "shop.platform.test", "0x7f.example.com", "127-0-0-1.example.com")) {
      assertEquals(List.of(domain), SpecValidator.userSpec(spec().put("domains", new JsonArray().add(domain)), gateway)
        .domains());
    }
  }
}
