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
  void keepsAValidScheduleAndRefusesABadOneNamingTheField() {
    FunctionSpec s = SpecValidator.userSpec(spec().put("schedule", "*/5 * * * *").put("scheduleTimezone", "Europe/Paris"));
    assertEquals("*/5 * * * *", s.schedule());
    assertEquals("Europe/Paris", s.scheduleTimezone());
    assertEquals("@every 30s", SpecValidator.userSpec(spec().put("schedule", "@every 30s")).schedule());
    assertNull(SpecValidator.userSpec(spec().put("schedule", " ")).schedule(), "blank: no schedule");
    assertEquals("bad_schedule", code(spec().put("schedule", "every minute")));
    assertEquals("bad_schedule", code(spec().put("schedule", 5)));
    assertEquals("bad_schedule_timezone", code(spec().put("schedule", "0 9 * * *").put("scheduleTimezone", "Nowhere/City")));
    assertEquals("bad_schedule_timezone", code(spec().put("scheduleTimezone", "Nowhere/City")));
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
  void healthPathAndStartTimeoutDefaultAndAreCheckedNamingTheField() {
    FunctionSpec plain = SpecValidator.userSpec(spec());
    assertEquals("/_/health", plain.healthPath());
    assertNull(plain.startTimeoutSeconds(), "absent: the node's instanceStartTimeoutSeconds");
    assertEquals(30_000, plain.startTimeoutMs(30_000));
    FunctionSpec set = SpecValidator.userSpec(spec().put("healthPath", "/ready?deep=1").put("startTimeoutSeconds", 90));
    assertEquals("/ready?deep=1", set.healthPath());
    assertEquals(90_000, set.startTimeoutMs(30_000));
    for (String bad : List.of("ready", "", "/a/../b", "/..", "//evil", "/a b", "/x\ny", "/" + "a".repeat(256), "/#x")) {
      assertRefused("bad_health_path", "healthPath", spec().put("healthPath", bad));
    }
    assertRefused("bad_health_path", "healthPath", spec().put("healthPath", 5));
    for (Object bad : List.of(0, -1, 601, 1.5, "10", 99999999999L)) {
      assertRefused("bad_start_timeout", "startTimeoutSeconds", spec().put("startTimeoutSeconds", bad));
    }
    assertEquals(600, SpecValidator.userSpec(spec().put("startTimeoutSeconds", 600)).startTimeoutSeconds());
  }

  @Test
  void labelsAndDescriptionAreCheckedLikeKubernetesLabelsNamingTheField() {
    FunctionSpec s = SpecValidator.userSpec(spec().put("description", "The shop's cart")
      .put("labels", new JsonObject().put("team", "shop").put("example.com/tier", "front_end-1.2").put("empty", "")));
    assertEquals("shop", s.labels().get("team"));
    assertEquals("The shop's cart", s.description());
    assertNull(SpecValidator.userSpec(spec().put("description", " ")).description(), "blank: none");
    for (String key : List.of("", "-team", "team-", "a".repeat(64), "Bad_Prefix.com/x", "/x", "a/b/c", "te am")) {
      assertRefused("bad_labels", "labels", spec().put("labels", new JsonObject().put(key, "v")));
    }
    for (String value : List.of("-x", "x.", "a".repeat(64), "has space", "ü")) {
      assertRefused("bad_labels", "labels.team", spec().put("labels", new JsonObject().put("team", value)));
    }
    assertRefused("bad_labels", "labels.team", spec().put("labels", new JsonObject().put("team", 5)));
    assertRefused("bad_labels", "labels", spec().put("labels", "team=shop"));
    JsonObject many = new JsonObject();
    for (int i = 0; i < 65; i++) {
      many.put("k" + i, "v");
    }
    assertRefused("bad_labels", "labels", spec().put("labels", many));
    assertRefused("bad_description", "description", spec().put("description", "x".repeat(1025)));
    assertRefused("bad_description", "description", spec().put("description", "bell\u0007"));
    assertRefused("bad_description", "description", spec().put("description", new JsonArray()));
  }

  @Test
  void theNewFieldsSurviveTheJsonForm() {
    FunctionSpec s = SpecValidator.userSpec(spec().put("healthPath", "/ready").put("startTimeoutSeconds", 5)
      .put("labels", new JsonObject().put("team", "shop")).put("description", "d"));
    FunctionSpec back = new FunctionSpec(s.toJson());
    assertEquals(s, back);
    assertEquals(new JsonObject().put("team", "shop"), s.toJson().getJsonObject("labels"));
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
