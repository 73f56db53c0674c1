package dev.plat.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelJsonTest {

  @Test
  void buildEventsTellOutputImageIdAndErrors() {
    BuildEvent step = BuildEvent.fromJson(new JsonObject("{\"stream\":\"Step 1/2 : FROM x\\n\"}"));
    assertEquals("Step 1/2 : FROM x\n", step.stream());
    assertFalse(step.isError());
    assertEquals("sha256:abc", BuildEvent.fromJson(new JsonObject("{\"aux\":{\"ID\":\"sha256:abc\"}}")).imageId());
    BuildEvent failed = BuildEvent.fromJson(new JsonObject("{\"errorDetail\":{\"code\":1,\"message\":\"returned a non-zero code: 1\"}}"));
    assertTrue(failed.isError());
    assertEquals("returned a non-zero code: 1", failed.error());
  }

  @Test
  void pushEventsTellLayerProgressDigestAndErrors() {
    PushEvent layer = PushEvent.fromJson(new JsonObject("{\"status\":\"Pushing\",\"id\":\"5f70bf18a086\",\"progress\":\"[==>  ]\"}"));
    assertEquals("5f70bf18a086", layer.layerId());
    assertNull(layer.digest());
    PushEvent aux = PushEvent.fromJson(new JsonObject("{\"progressDetail\":{},\"aux\":{\"Tag\":\"v1\",\"Digest\":\"sha256:d\",\"Size\":528}}"));
    assertEquals("sha256:d", aux.digest());
    assertEquals("denied", PushEvent.fromJson(new JsonObject("{\"error\":\"denied\",\"errorDetail\":{\"message\":\"denied\"}}")).error());
  }

  @Test
  void dockerEventsCarryTypeActionActorAttributesAndTime() {
    DockerEvent e = DockerEvent.fromJson(new JsonObject("{\"status\":\"start\",\"id\":\"abc\",\"Type\":\"container\",\"Action\":\"start\","
      + "\"Actor\":{\"ID\":\"abc\",\"Attributes\":{\"image\":\"fn:1\",\"name\":\"fn-1\",\"plat.function\":\"hello\"}},"
      + "\"scope\":\"local\",\"time\":1700000000,\"timeNano\":1700000000123456789}"));
    assertEquals("container", e.type());
    assertEquals("start", e.action());
    assertEquals("abc", e.actorId());
    assertEquals("hello", e.attribute("plat.function"));
    assertEquals(Instant.ofEpochSecond(1_700_000_000L, 123_456_789L), e.time());
  }

  @Test
  void oldStyleEventsWithoutTypeOrNanosStillRead() {
    DockerEvent e = DockerEvent.fromJson(new JsonObject("{\"status\":\"die\",\"id\":\"abc\",\"time\":5}"));
    assertEquals("die", e.action());
    assertEquals("abc", e.actorId());
    assertEquals(5_000_000_000L, e.timeNano());
  }

  @Test
  void waitStatsListAndVersionAnswersRead() {
    assertEquals(new ContainerExit(3, null), ContainerExit.fromJson(new JsonObject("{\"StatusCode\":3,\"Error\":null}")));
    assertEquals("oops", ContainerExit.fromJson(new JsonObject("{\"StatusCode\":1,\"Error\":{\"Message\":\"oops\"}}")).error());
    ContainerStats stats = ContainerStats.fromJson(new JsonObject("{\"read\":\"t\",\"memory_stats\":{\"usage\":10,\"limit\":20},"
      + "\"cpu_stats\":{\"cpu_usage\":{\"total_usage\":30},\"system_cpu_usage\":40,\"online_cpus\":2},\"pids_stats\":{\"current\":3}}"));
    assertEquals(List.of(10L, 20L, 30L, 40L, 2L, 3L), List.of(stats.memoryUsageBytes(), stats.memoryLimitBytes(),
      stats.cpuTotalUsageNanos(), stats.systemCpuUsageNanos(), stats.onlineCpus(), stats.pids()));
    ContainerSummary summary = ContainerSummary.fromJson(new JsonObject("{\"Id\":\"a\",\"Names\":[\"/n\"],\"State\":\"running\",\"Labels\":{\"k\":\"v\"}}"));
    assertEquals(List.of("/n"), summary.names());
    assertEquals("v", summary.labels().get("k"));
    assertEquals("1.41", DockerVersion.fromJson(new JsonObject("{\"ApiVersion\":\"1.41\",\"Version\":\"20.10\"}")).apiVersion());
  }

  @Test
  void buildFailureMessageHoldsTheErrorAndTheLogTail() {
    BuildFailedException e = new BuildFailedException("returned a non-zero code: 1", List.of("Step 2/2 : RUN false"));
    assertEquals("returned a non-zero code: 1", e.error());
    assertTrue(e.getMessage().contains("returned a non-zero code: 1") && e.getMessage().contains("Step 2/2 : RUN false"));
  }

  @Test
  void containerSpecSurvivesItsJsonForm() {
    ContainerSpec spec = ContainerSpec.builder("127.0.0.1:5000/fn@sha256:abc").name("plat-fn-1")
      .cmd("gunicorn", "app:app").env("A", "b=c").label("plat.node", "n1").user("1000:1000").workingDir("/app")
      .bind("/data/sockets/i1", "/run/plat", false).bind("/data/code", "/plat/code", true).tmpfs("/tmp", "size=64m")
      .readOnlyRootfs(true).capDrop("ALL").securityOpt("no-new-privileges").limits(new ResourceLimits(1 << 27, 500_000_000, 64))
      .networkMode("none").restartPolicy(RestartPolicy.onFailure(3)).stopSignal("SIGTERM").stopTimeout(2).build();
    assertEquals(spec, ContainerSpec.fromJson(new JsonObject(spec.toJson().encode())));
  }
}
