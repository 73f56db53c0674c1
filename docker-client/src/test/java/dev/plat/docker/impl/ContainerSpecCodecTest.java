package dev.plat.docker.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.docker.Bind;
import dev.plat.docker.ContainerInfo;
import dev.plat.docker.ContainerSpec;
import dev.plat.docker.ResourceLimits;
import dev.plat.docker.RestartPolicy;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerSpecCodecTest {

  private static final ContainerSpec SPEC = ContainerSpec.builder("fn:1")
    .name("fn-1").cmd("gunicorn", "--bind", "unix:/run/plat/fn.sock", "app:app").entrypoint("/bin/sh", "-c")
    .env("PLAT_SOCKET", "/run/plat/fn.sock").env("A", "b=c")
    .label("plat.function", "hello").user("65534:65534").workingDir("/app")
    .bind("/data/sockets/i1", "/run/plat", false).bind("/etc/plat", "/etc/plat", true)
    .tmpfs("/tmp", "size=16m").hardened()
    .limits(new ResourceLimits(64L << 20, 500_000_000L, 64)).networkMode("none")
    .restartPolicy(RestartPolicy.onFailure(3)).stopSignal("SIGTERM").stopTimeout(5)
    .build();

  @Test
  void createBodyCarriesEveryField() {
    JsonObject json = ContainerSpecCodec.toCreateJson(SPEC);
    assertEquals("fn:1", json.getString("Image"));
    assertEquals(new JsonArray().add("gunicorn").add("--bind").add("unix:/run/plat/fn.sock").add("app:app"), json.getJsonArray("Cmd"));
    assertEquals(new JsonArray().add("/bin/sh").add("-c"), json.getJsonArray("Entrypoint"));
    assertEquals(new JsonArray().add("PLAT_SOCKET=/run/plat/fn.sock").add("A=b=c"), json.getJsonArray("Env"));
    assertEquals("hello", json.getJsonObject("Labels").getString("plat.function"));
    assertEquals("65534:65534", json.getString("User"));
    assertEquals("/app", json.getString("WorkingDir"));
    assertEquals("SIGTERM", json.getString("StopSignal"));
    assertEquals(5, json.getInteger("StopTimeout"));
    JsonObject host = json.getJsonObject("HostConfig");
    assertEquals(new JsonArray().add("/data/sockets/i1:/run/plat").add("/etc/plat:/etc/plat:ro"), host.getJsonArray("Binds"));
    assertEquals("size=16m", host.getJsonObject("Tmpfs").getString("/tmp"));
    assertTrue(host.getBoolean("ReadonlyRootfs"));
    assertEquals(new JsonArray().add("ALL"), host.getJsonArray("CapDrop"));
    assertEquals(new JsonArray().add("no-new-privileges"), host.getJsonArray("SecurityOpt"));
    assertEquals(64L << 20, host.getLong("Memory"));
    assertEquals(64L << 20, host.getLong("MemorySwap"));
    assertEquals(500_000_000L, host.getLong("NanoCpus"));
    assertEquals(64L, host.getLong("PidsLimit"));
    assertEquals("none", host.getString("NetworkMode"));
    assertEquals(new JsonObject().put("Name", "on-failure").put("MaximumRetryCount", 3), host.getJsonObject("RestartPolicy"));
  }

  @Test
  void leavesOutWhatIsNotSetSoTheDaemonDefaultsApply() {
    JsonObject json = ContainerSpecCodec.toCreateJson(ContainerSpec.builder("img").build());
    assertFalse(json.containsKey("Cmd") || json.containsKey("Env") || json.containsKey("User") || json.containsKey("StopTimeout"));
    JsonObject host = json.getJsonObject("HostConfig");
    assertFalse(host.containsKey("Memory") || host.containsKey("NetworkMode") || host.containsKey("Binds"));
  }

  @Test
  void inspectAnswerReadsBackAsTheSpecItWasCreatedWith() {
    JsonObject config = ContainerSpecCodec.toCreateJson(SPEC);
    JsonObject hostConfig = (JsonObject) config.remove("HostConfig");
    JsonObject inspect = new JsonObject().put("Id", "abc").put("Name", "/fn-1").put("Image", "sha256:1")
      .put("Config", config).put("HostConfig", hostConfig)
      .put("State", new JsonObject().put("Status", "paused").put("Running", true).put("Paused", true).put("Pid", 42));
    ContainerInfo info = ContainerInfo.fromJson(inspect);
    assertEquals(SPEC, info.spec());
    assertEquals("fn-1", info.name());
    assertEquals("sha256:1", info.imageId());
    assertTrue(info.state().paused());
    assertEquals(42, info.state().pid());
    assertEquals(Map.of("plat.function", "hello"), info.labels());
  }

  @Test
  void inspectAnswerWithNullsAndDaemonDefaultsReadsAsEmpty() {
    JsonObject inspect = new JsonObject().put("Id", "x").put("Name", "/x").put("Image", "sha256:2")
      .put("Config", new JsonObject().put("Image", "img").putNull("Cmd").putNull("Labels").put("User", ""))
      .put("HostConfig", new JsonObject().putNull("Binds").put("PidsLimit", -1).put("RestartPolicy", new JsonObject().put("Name", "")));
    ContainerSpec spec = ContainerInfo.fromJson(inspect).spec();
    assertEquals(List.of(), spec.cmd());
    assertEquals(Map.of(), spec.labels());
    assertEquals(ResourceLimits.NONE, spec.limits());
    assertEquals(RestartPolicy.NO, spec.restartPolicy());
    assertEquals(null, spec.user());
  }

  @Test
  void specRejectsMissingImageAndBadValues() {
    assertThrows(IllegalArgumentException.class, () -> ContainerSpec.builder(" ").build());
    assertThrows(IllegalArgumentException.class, () -> ContainerSpec.builder("img").stopTimeout(-1).build());
    assertThrows(IllegalArgumentException.class, () -> new ResourceLimits(-1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new RestartPolicy("sometimes", 0));
    assertThrows(IllegalArgumentException.class, () -> new RestartPolicy("always", 2));
    assertThrows(IllegalArgumentException.class, () -> new Bind("/a", "relative", false));
    assertEquals(new Bind("/a", "/b", true), Bind.parse("/a:/b:ro,z"));
  }

  @Test
  void toBuilderCopiesEverything() {
    assertEquals(SPEC, SPEC.toBuilder().build());
    assertEquals("other", SPEC.toBuilder().name("other").build().name());
  }
}
