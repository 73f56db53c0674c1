package dev.plat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A schedule across the kill -9 of the leading controller, on three nodes with three Docker
 * engines ({@link MultiHostCluster}): the ticks go on from the next leader, and every tick is one
 * invocation that ran once (a second run is allowed only for an invocation whose attempt was cut
 * off by the kill, which then shows two attempts: at-least-once). Ticks missed while no node led
 * fire once, so the count of ticks is not asserted against the wall clock.
 */
class ScheduleFailoverIT {
  private static final Duration WAIT = Duration.ofSeconds(180);
  private static final int TICKS = 3;
  @TempDir
  static Path root;
  private static MultiHostCluster hosts;

  @BeforeAll
  static void startThreeNodes() throws Exception {
    hosts = MultiHostCluster.start(root, "--pool-size", "0");
  }

  @AfterAll
  static void stop() {
    if (hosts != null) {
      hosts.close();
    }
  }

  @Test
  void ticksGoOnFromTheNextLeaderAndNoneRunsTwice() throws Exception {
    String name = E2eNames.fresh();
    PlatApi b = new PlatApi(hosts.node(1).url());
    PlatApi.Response deploy = b.deploy(name, "python-flask", TestZips.pythonFunction(ScheduleIT.TICKING),
      NodeProcess.ADMIN_TOKEN, new JsonObject().put("schedule", "@every 2s"));
    assertEquals(202, deploy.status(), deploy::toString);
    b.awaitServing(name, WAIT, () -> hosts.node(1).output());
    int before = Poll.until(WAIT, TICKS + " ticks run before the kill", () -> {
      int done = succeeded(b, name);
      return done >= TICKS ? done : null;
    }, () -> hosts.node(0).output());

    // A, the oldest member, leads; kill -9 it between ticks
    hosts.node(0).kill();
    Poll.untilTrue(WAIT, TICKS + " more ticks run after the kill", () -> succeeded(b, name) >= before + TICKS,
      () -> hosts.node(1).output() + hosts.node(2).output());
    JsonObject row = b.get("/api/schedules", NodeProcess.ADMIN_TOKEN).json().getJsonArray("schedules").getJsonObject(0);
    assertEquals(name, row.getString("function"), row::encode);

    Map<String, Integer> runs = ScheduleIT.runs(root.resolve("a"), root.resolve("b"), root.resolve("c"));
    List<JsonObject> listed = ScheduleIT.invocations(b, name);
    assertTrue(runs.size() >= before + TICKS, "the ticks ran: " + runs);
    assertTrue(runs.size() <= listed.size(), "every run is an invocation: " + runs + " " + listed);
    for (Map.Entry<String, Integer> run : runs.entrySet()) {
      if (run.getValue() == 1) {
        continue;
      }
      // at-least-once: only an attempt cut off by the kill runs again, and its record says so
      long tick = Instant.parse(run.getKey().substring("POST ".length())).toEpochMilli();
      JsonObject invocation = b.get("/api/invocations/" + idOf(name, tick), NodeProcess.ADMIN_TOKEN).json();
      assertEquals(2, run.getValue(), "tick " + run.getKey() + " ran at most twice: " + runs);
      assertTrue(invocation.getInteger("attempts", 0) >= 2, "a tick that ran twice was cut off: " + invocation.encode());
    }
  }

  /** How many ticks succeeded, as {@code api} lists them; -1 when it does not answer 200 (a node leaving). */
  private static int succeeded(PlatApi api, String name) {
    JsonObject list = api.get("/api/invocations?function=" + name + "&limit=500", NodeProcess.ADMIN_TOKEN).jsonIf200();
    return list == null ? -1 : (int) list.getJsonArray("invocations").stream()
      .filter(i -> "succeeded".equals(((JsonObject) i).getString("state"))).count();
  }

  /** The invocation id of a tick: as the gateway derives it from the key {@code schedule:<function>:<tick>}. */
  private static String idOf(String function, long tick) throws Exception {
    byte[] hash = MessageDigest.getInstance("SHA-256")
      .digest((function + "\n" + "schedule:" + function + ":" + tick).getBytes(StandardCharsets.UTF_8));
    return "k-" + HexFormat.of().formatHex(hash, 0, 16);
  }
}
