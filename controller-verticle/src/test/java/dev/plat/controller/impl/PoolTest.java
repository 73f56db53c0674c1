package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.Names;
import dev.plat.cluster.api.Actions;
import dev.plat.cluster.api.FunctionSpec;
import dev.plat.controller.FunctionRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pool of pre-started runtime containers, on fakes: take, specialize, fall back, refill, adopt. */
class PoolTest {
  private final Harness h = new Harness();
  private final FakePoolBackend pool = new FakePoolBackend();

  private void start() {
    h.pool = pool;
    h.options.setPoolSize(1).setPauseAfterMs(0).setIdleTimeoutMs(1_000);
    h.start();
    h.core.startScaling();
  }

  private List<FakeContainerEngine.Fake> poolContainers() {
    return h.engine.running().stream().filter(f -> f.labels.containsKey(Names.Label.POOL)).toList();
  }

  /** Deploys {@code spec} (scaling min 0), lets it go idle and be removed: the function is at zero, its code exported. */
  private void deployAtZero(JsonObject spec) {
    h.deploy(spec.put("scaling", new JsonObject().put("min", 0).put("max", 2)));
    h.clock.advance(1_500);
    assertEquals("scaled-to-zero", h.get(spec.getString("name")).getString("state"));
  }

  private JsonObject activate(String name) {
    return h.core.activate(new JsonObject().put("function", name)).result();
  }

  @Test
  void startsPoolSizeGenericContainersWithThePoolLabelAndHardening() {
    start();
    List<FakeContainerEngine.Fake> members = poolContainers();
    assertEquals(1, members.size());
    var spec = members.get(0).spec;
    assertEquals("pool/python-flask", spec.image());
    assertEquals("python-flask", spec.labels().get(Names.Label.POOL));
    assertNull(spec.labels().get(Names.Label.FUNCTION), "a pool container is no function's");
    assertEquals(Harness.NODE, spec.labels().get(Names.Label.NODE));
    assertTrue(spec.readOnlyRootfs());
    assertEquals("none", spec.networkMode());
    assertEquals("10001:10001", spec.user());
    assertEquals("1", spec.env().get("PLAT_POOL"));
    assertTrue(spec.binds().stream().anyMatch(b -> b.containerPath().equals("/plat/code") && b.readOnly()), spec.binds().toString());
  }

  @Test
  void theFirstInstanceOfADeployComesFromThePoolOnceItsCodeIsExported() {
    start();
    String member = poolContainers().get(0).id;
    h.deploy("hello");
    assertTrue(pool.ops.contains("export hello@1"), pool.ops.toString());
    JsonObject instance = h.get("hello").getJsonArray("instances").getJsonObject(0);
    assertEquals(member, instance.getString("container"));
    assertEquals("ready", h.get("hello").getString("state"));
  }

  /** Deploys hello (scaling min 1) up to its image built as {@code sha256:built} and being pushed; @return the build id. */
  private String builtAndPushing() {
    JsonObject reply = h.call(Actions.Controller.DEPLOY, new JsonObject().put("spec", Harness.spec("hello"))
      .put("upload", "/tmp/upload.zip").put("sha256", "abc"));
    h.core.onBuildEvent(new JsonObject().put("type", "state").put("state", "pushing").put("imageId", "sha256:built")
      .put("buildId", reply.getString("buildId")).put("function", "hello").put("version", "1"));
    return reply.getString("buildId");
  }

  private void done(String buildId, String imageId) {
    h.core.onBuildEvent(new JsonObject().put("type", "done").put("buildId", buildId).put("function", "hello")
      .put("version", 1).put("image", "127.0.0.1:5000/plat/hello:1").put("digest", "sha256:1").put("imageId", imageId));
  }

  @Test
  void whileTheImageIsPushedAMemberIsSpecializedWithItsCodeAndServesOnceTheBuildConfirmsThatImage() {
    start();
    String member = poolContainers().get(0).id;
    String buildId = builtAndPushing();
    assertEquals(List.of("exportEarly hello@1 sha256:built", "stageEarly hello@1 sha256:built"),
      pool.ops.stream().filter(o -> o.contains("Early")).toList());
    assertTrue(pool.ops.stream().anyMatch(o -> o.startsWith("specialize")), pool.ops.toString());
    assertTrue(h.routes("hello").isEmpty(), "nothing is routed before the build is done");
    int specializations = (int) pool.ops.stream().filter(o -> o.startsWith("specialize")).count();
    done(buildId, "sha256:built");
    JsonObject status = h.get("hello");
    assertEquals("ready", status.getString("state"), status::encodePrettily);
    assertEquals(member, status.getJsonArray("instances").getJsonObject(0).getString("container"));
    assertEquals(specializations, pool.ops.stream().filter(o -> o.startsWith("specialize")).count(), "not specialized again");
    assertTrue(pool.ops.contains("export hello@1"), "the version's export (the early copy) for later instances");
  }

  @Test
  void theLocalBuildersContextComesFirstAndItsPushingEventSpecializesNoSecondMember() {
    start();
    JsonObject reply = h.call(Actions.Controller.DEPLOY, new JsonObject().put("spec", Harness.spec("hello"))
      .put("upload", "/tmp/upload.zip").put("sha256", "abc"));
    h.core.onBuildContext(new JsonObject().put("buildId", reply.getString("buildId")).put("function", "hello")
      .put("version", 1).put("imageId", "sha256:built").put("context", "/tmp/b.tar"));
    h.core.onBuildEvent(new JsonObject().put("type", "state").put("state", "pushing").put("imageId", "sha256:built")
      .put("buildId", reply.getString("buildId")).put("function", "hello").put("version", "1"));
    assertEquals(List.of("exportEarly hello@1 sha256:built /tmp/b.tar", "stageEarly hello@1 sha256:built",
      "exportEarly hello@1 sha256:built"), pool.ops.stream().filter(o -> o.contains("Early")).toList());
    assertEquals(1, pool.ops.stream().filter(o -> o.startsWith("specialize")).count(), pool.ops.toString());
    assertEquals(1, poolContainers().size(), "no container start competes with the push");
    done(reply.getString("buildId"), "sha256:built");
    assertEquals("ready", h.get("hello").getString("state"));
    assertEquals(2, poolContainers().size(), "the member taken, its replacement started");
  }

  @Test
  void anEarlyCopyReadyOnlyAfterTheBuildIsDoneLeavesTheMemberToTheVersionsInstance() {
    start();
    String member = poolContainers().get(0).id;
    pool.holdEarlyExports = true;
    String buildId = builtAndPushing();
    done(buildId, "sha256:built");
    pool.releaseEarlyExports();
    JsonObject status = h.get("hello");
    assertEquals("ready", status.getString("state"), status::encodePrettily);
    assertEquals(member, status.getJsonArray("instances").getJsonObject(0).getString("container"), "the pool's member");
    assertTrue(pool.ops.stream().noneMatch(o -> o.startsWith("stageEarly")), "not specialized ahead: " + pool.ops);
  }

  @Test
  void aMemberSpecializedAheadForAnotherImageOrAFailedBuildIsRemovedAndNeverServes() {
    start();
    String member = poolContainers().get(0).id;
    done(builtAndPushing(), "sha256:other");
    JsonObject status = h.get("hello");
    assertEquals("ready", status.getString("state"), status::encodePrettily);
    String serving = status.getJsonArray("instances").getJsonObject(0).getString("container");
    assertNotEquals(member, serving);
    assertTrue(h.engine.running().stream().noneMatch(f -> f.id.equals(member)), "the member specialized ahead is removed");

    String second = poolContainers().stream().filter(f -> !f.id.equals(serving)).findFirst().orElseThrow().id;
    JsonObject reply = h.call(Actions.Controller.DEPLOY, new JsonObject().put("spec", Harness.spec("hello"))
      .put("upload", "/tmp/upload.zip").put("sha256", "abc"));
    h.core.onBuildEvent(new JsonObject().put("type", "state").put("state", "pushing").put("imageId", "sha256:v2")
      .put("buildId", reply.getString("buildId")).put("function", "hello").put("version", "2"));
    h.core.onBuildEvent(new JsonObject().put("type", "failed").put("buildId", reply.getString("buildId"))
      .put("function", "hello").put("version", "2").put("error", "push failed"));
    assertTrue(h.engine.running().stream().noneMatch(f -> f.id.equals(second)), "removed with the failed build");
  }

  @Test
  void aFunctionOnANetworkGetsNoEarlyCopy() {
    h.options.setAllowedNetworks(List.of("egress"));
    start();
    JsonObject reply = h.call(Actions.Controller.DEPLOY, new JsonObject()
      .put("spec", Harness.spec("netted").put("network", "egress")).put("upload", "/tmp/upload.zip").put("sha256", "abc"));
    h.core.onBuildEvent(new JsonObject().put("type", "state").put("state", "pushing").put("imageId", "sha256:built")
      .put("buildId", reply.getString("buildId")).put("function", "netted").put("version", "1"));
    assertTrue(pool.ops.stream().noneMatch(o -> o.startsWith("exportEarly")), pool.ops.toString());
  }

  @Test
  void aFunctionWithSecretEnvNeverTakesAPoolContainer() {
    start();
    String member = poolContainers().get(0).id;
    h.call(dev.plat.cluster.api.Actions.Controller.SECRET_PUT, new JsonObject().put("name", "db")
      .put("data", new JsonObject().put("password", "SEALED")).put("create", true));
    h.deploy(Harness.spec("hello").put("secretEnv", new JsonObject().put("DB_PASSWORD", "db/password")));
    JsonObject instance = h.get("hello").getJsonArray("instances").getJsonObject(0);
    assertTrue(!member.equals(instance.getString("container")), "a container of its own, created with its env");
    assertEquals("ready", h.get("hello").getString("state"));
  }

  @Test
  void aDeployWhoseExportIsSlowStartsAContainerAfterTheWait() {
    start();
    pool.holdExports = true;
    h.deploy("hello");
    assertTrue(h.get("hello").getJsonArray("instances").isEmpty(), "waiting for the export");
    h.clock.advance(BuildDoneHandler.POOL_WAIT_MS);
    var fn = h.engine.running().stream().filter(f -> "hello".equals(f.labels.get(Names.Label.FUNCTION))).toList();
    assertEquals(1, fn.size(), "a container started for it");
    assertEquals(1, poolContainers().size(), "the pool is untouched");
  }

  @Test
  void aColdStartSpecializesThePoolContainerThenThePoolRefills() {
    start();
    deployAtZero(Harness.spec("hello").put("env", new JsonObject().put("GREETING", "hi")));
    String member = poolContainers().get(0).id;
    String memberInstance = poolContainers().get(0).labels.get(Names.Label.INSTANCE);

    JsonObject reply = activate("hello");

    assertEquals("started", reply.getString("activation"));
    assertEquals(memberInstance, reply.getString("instance"), "the pool container became the instance");
    JsonObject instance = h.get("hello").getJsonArray("instances").getJsonObject(0);
    assertEquals(member, instance.getString("container"));
    assertEquals("ready", instance.getString("state"));
    assertEquals(memberInstance, h.routes("hello").get(0).instance());
    String folder = "/data/sockets/" + memberInstance;
    assertEquals(List.of("stage hello " + folder + ".code", "assign " + folder + ".code hello", "specialize " + folder + "/fn.sock",
      "rename " + member + " plat-hello-" + memberInstance),
      pool.ops.subList(pool.ops.indexOf("stage hello " + folder + ".code"), pool.ops.size()));
    assertEquals("hi", pool.assignments.get(folder + ".code").getJsonObject("env").getString("GREETING"));
    assertEquals(InstanceSpecs.fingerprint(h.core.functions().get("hello").record().spec()),
      pool.assignments.get(folder + ".code").getString("config"));
    List<FakeContainerEngine.Fake> free = poolContainers().stream().filter(f -> !f.id.equals(member)).toList();
    assertEquals(1, free.size(), "the pool refilled");
  }

  @Test
  void theFunctionsLimitsAreAppliedWhenTheyDifferFromThePools() {
    start();
    deployAtZero(Harness.spec("big").put("limits", new JsonObject().put("memoryMb", 512)));
    String member = poolContainers().get(0).id;
    activate("big");
    assertTrue(pool.ops.contains("update " + member + " " + 512L * 1024 * 1024), pool.ops.toString());
  }

  @Test
  void aFailedSpecializationRemovesThePoolContainerAndStartsAContainerInstead() {
    start();
    deployAtZero(Harness.spec("hello"));
    String member = poolContainers().get(0).id;
    pool.failSpecialize = true;

    JsonObject reply = activate("hello");

    assertEquals("started", reply.getString("activation"));
    assertFalse(h.engine.containers.containsKey(member), "the pool container is removed");
    JsonObject instance = h.get("hello").getJsonArray("instances").getJsonObject(0);
    assertEquals("hello", h.engine.containers.get(instance.getString("container")).labels.get(Names.Label.FUNCTION));
    assertEquals(1, poolContainers().size(), "the pool refilled");
    assertEquals(0, h.events("instance", "crashed").size(), "no crash is counted (its removal killed it: 137)");
    assertNull(h.get("hello").getJsonObject("lastFailure"), "no failure is recorded");
  }

  @Test
  void aFunctionThatExitsAtImportShowsItsOwnExitCodeAndLinesNotThePoolContainers137() {
    start();
    deployAtZero(Harness.spec("hello"));
    pool.failSpecialize = true;
    activate("hello");
    String container = h.get("hello").getJsonArray("instances").getJsonObject(0).getString("container");

    h.engine.logs.put(container, List.of("\u001b[31mconfig: DATABASE_URL is not set\u001b[0m\u0007", "exiting"));
    h.engine.die(container, 3);

    JsonObject failure = h.get("hello").getJsonObject("lastFailure");
    assertEquals("exited with code 3", failure.getString("reason"), failure::encode);
    assertEquals(3, failure.getInteger("exitCode"));
    assertEquals(new JsonArray().add("config: DATABASE_URL is not set").add("exiting"), failure.getJsonArray("logs"),
      "its own lines, escape sequences and control characters removed");
    assertEquals(1, h.events("instance", "crashed").size(), "one crash: the function's, not the pool container's");
  }

  @Test
  void functionsOnANetworkOrAnotherRuntimeNeverUseThePool() {
    h.options.setAllowedNetworks(List.of("backend"));
    start();
    deployAtZero(Harness.spec("js").put("runtime", "node"));
    deployAtZero(Harness.spec("net").put("network", "backend"));
    String member = poolContainers().get(0).id;
    activate("js");
    activate("net");
    assertTrue(h.engine.containers.containsKey(member) && poolContainers().size() == 1, "the pool is untouched");
    assertFalse(pool.ops.stream().anyMatch(op -> op.startsWith("specialize")), pool.ops.toString());
  }

  @Test
  void aPoolContainerThatDiesIsReplaced() {
    start();
    String member = poolContainers().get(0).id;
    h.engine.die(member, 137);
    assertFalse(h.engine.containers.containsKey(member));
    assertEquals(1, poolContainers().size());
    assertNotEquals(member, poolContainers().get(0).id);
  }

  @Test
  void aRestartAdoptsAnAssignedPoolContainerAndReplacesAnUnassignedOne() {
    FunctionSpec hello = new FunctionSpec("hello", "python-flask", 3, "img/hello:3", "sha256:x", Map.of(),
      null, null, null, null, false, null, List.of(), 1, 1);
    h.store.saved = List.of(new FunctionRecord(hello, FunctionRecord.Desired.RUNNING));
    var assigned = h.engine.existing(Map.of(Names.Label.POOL, "python-flask", Names.Label.INSTANCE, "p1",
      Names.Label.NODE, Harness.NODE), true);
    var free = h.engine.existing(Map.of(Names.Label.POOL, "python-flask", Names.Label.INSTANCE, "p2",
      Names.Label.NODE, Harness.NODE), true);
    pool.assignments.put("/data/sockets/p1.code", PoolSpecs.assignment(hello, "p1"));

    start();

    JsonObject instance = h.get("hello").getJsonArray("instances").getJsonObject(0);
    assertEquals(1, h.get("hello").getJsonArray("instances").size());
    assertEquals(assigned.id, instance.getString("container"), "adopted, not replaced");
    assertEquals("p1", h.routes("hello").get(0).instance());
    assertFalse(h.engine.containers.containsKey(free.id), "the unassigned one is removed");
    assertEquals(1, poolContainers().stream().filter(f -> !f.id.equals(assigned.id)).count(), "and the pool filled again");
  }

  @Test
  void deletingAFunctionForgetsItsCodeAndRemovesItsSpecializedContainer() {
    start();
    deployAtZero(Harness.spec("hello"));
    String member = poolContainers().get(0).id;
    activate("hello");
    h.call(Actions.Controller.DELETE, new JsonObject().put("name", "hello"));
    assertFalse(h.engine.containers.containsKey(member));
    assertTrue(pool.ops.contains("forget hello"), pool.ops.toString());
    assertEquals(1, poolContainers().size());
  }
}
