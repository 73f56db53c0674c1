package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.api.FunctionSpec;
import dev.plat.docker.Bind;
import dev.plat.docker.ContainerSpec;
import dev.plat.docker.ResourceLimits;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstanceSpecsTest {
  private static final FunctionSpec SPEC = new FunctionSpec("hello", "python-flask", 4, "reg/plat/hello:4", "sha256:4",
    Map.of("GREETING", "hi", "PLAT_SOCKET", "/elsewhere"), new FunctionSpec.Limits(128, 0.5, 64, 30, 0), null,
    null, null, false, null, List.of(), 1, 1);

  private static ContainerSpec container(FunctionSpec spec) {
    Instance instance = new Instance("abc123", spec.name(), spec.version(), InstanceSpecs.fingerprint(spec), "node-a",
      "/data/sockets/abc123/fn.sock");
    return InstanceSpecs.container(spec, instance, "/data/sockets/abc123", 5);
  }

  @Test
  void anInstanceIsALabelledHardenedContainerWithoutNetworkOrPort() {
    ContainerSpec c = container(SPEC);
    assertEquals("plat-hello-abc123", c.name());
    assertEquals("reg/plat/hello:4", c.image());
    assertEquals(Map.of("plat.function", "hello", "plat.version", "4", "plat.instance", "abc123", "plat.node", "node-a",
      "plat.config", InstanceSpecs.fingerprint(SPEC)), c.labels());
    assertTrue(c.readOnlyRootfs());
    assertEquals(List.of("ALL"), c.capDrop());
    assertEquals(List.of("no-new-privileges"), c.securityOpt());
    assertTrue(c.tmpfs().containsKey("/tmp"));
    assertEquals("10001:10001", c.user());
    assertEquals("none", c.networkMode());
    assertEquals(List.of(new Bind("/data/sockets/abc123", "/run/plat", false)), c.binds());
    assertEquals(new ResourceLimits(128L * 1024 * 1024, 500_000_000L, 64), c.limits());
  }

  @Test
  void thePlatformsEnvironmentWinsOverTheFunctions() {
    Map<String, String> env = container(SPEC).env();
    assertEquals("hi", env.get("GREETING"));
    assertEquals("/run/plat/fn.sock", env.get("PLAT_SOCKET"));
    assertEquals("hello", env.get("PLAT_FUNCTION"));
    assertEquals("4", env.get("PLAT_VERSION"));
  }

  @Test
  void aNamedNetworkIsJoined() {
    FunctionSpec withNet = new FunctionSpec("hello", "python-flask", 4, "img", null, Map.of(), null, null, null, null,
      false, "egress", List.of(), 1, 1);
    assertEquals("egress", container(withNet).networkMode());
  }

  @Test
  void theFingerprintChangesWithWhatTheContainerRunsButNotWithRoutingFields() {
    FunctionSpec routed = new FunctionSpec("hello", "python-flask", 4, "reg/plat/hello:4", "sha256:4", SPEC.env(),
      SPEC.limits(), SPEC.scaling(), "p", "s", true, null, List.of("x.example.com"), 1, 99);
    FunctionSpec otherEnv = new FunctionSpec("hello", "python-flask", 4, "reg/plat/hello:4", "sha256:4",
      Map.of("GREETING", "yo"), SPEC.limits(), null, null, null, false, null, List.of(), 1, 1);
    assertEquals(InstanceSpecs.fingerprint(SPEC), InstanceSpecs.fingerprint(routed));
    assertNotEquals(InstanceSpecs.fingerprint(SPEC), InstanceSpecs.fingerprint(otherEnv));
  }

  @Test
  void theHealthPathAndStartTimeoutRollInstancesButLabelsAndDescriptionDoNot() {
    FunctionSpec defaults = with(SPEC, null, null, null, null);
    assertEquals(InstanceSpecs.fingerprint(SPEC), InstanceSpecs.fingerprint(defaults), "the default keeps the old fingerprint");
    assertEquals(InstanceSpecs.fingerprint(SPEC), InstanceSpecs.fingerprint(
      with(SPEC, null, null, Map.of("team", "shop"), "the cart")));
    assertNotEquals(InstanceSpecs.fingerprint(SPEC), InstanceSpecs.fingerprint(with(SPEC, "/ready", null, null, null)));
    assertNotEquals(InstanceSpecs.fingerprint(SPEC), InstanceSpecs.fingerprint(with(SPEC, null, 90, null, null)));
  }

  private static FunctionSpec with(FunctionSpec s, String healthPath, Integer start, Map<String, String> labels,
      String description) {
    return new FunctionSpec(s.name(), s.runtime(), s.version(), s.image(), s.digest(), s.env(), s.limits(), s.scaling(),
      s.project(), s.service(), s.isPublic(), s.network(), s.domains(), s.createdAt(), s.updatedAt(), healthPath, start,
      labels, description);
  }

  @Test
  void instanceIdsAreShortAndRandom() {
    String a = InstanceSpecs.newInstanceId();
    assertTrue(a.matches("[a-z0-9]{10}"), a);
    assertNotEquals(a, InstanceSpecs.newInstanceId());
  }
}
