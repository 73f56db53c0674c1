package dev.plat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schedules end to end on a real node and dockerd: a function deployed with {@code "@every 2s"} is
 * invoked once per tick through the asynchronous path (each run counted by the function itself, by
 * its {@code X-Plat-Schedule} header, in a file of its socket folder), no tick runs twice, every run
 * is an invocation of the list, {@code GET /api/schedules} shows the next and last runs, a bad
 * schedule or time zone is a 400 naming the field, and clearing the schedule stops it.
 */
class ScheduleIT {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final Set<String> FUNCTIONS = new LinkedHashSet<>();
  /** Appends its X-Plat-Schedule header to ticks.log beside its socket. */
  static final String TICKING = """
    import os


    def handle(req):
        tick = req.headers.get("x-plat-schedule", "none")
        folder = os.path.dirname(os.environ.get("PLAT_SOCKET", "/run/plat/fn.sock"))
        with open(os.path.join(folder, "ticks.log"), "a") as log:
            log.write(req.method + " " + tick + "\\n")
        return {"tick": tick}
    """;
  private static final int TICKS = 4;

  @TempDir
  static Path tmp;
  private static FunctionDocker docker;
  private final List<NodeProcess> nodes = new ArrayList<>();

  @BeforeAll
  static void requireDocker() {
    docker = FunctionDocker.require();
  }

  @AfterEach
  void stopNodes() {
    nodes.forEach(NodeProcess::close);
  }

  @AfterAll
  static void close() {
    if (docker != null) {
      docker.removeAll(FUNCTIONS);
      docker.close();
    }
  }

  @Test
  void every_tick_runs_once_through_the_async_path() throws Exception {
    Path data = tmp.resolve("one");
    NodeProcess node = NodeProcess.startHealthy(data, "e2e-schedule-one");
    nodes.add(node);
    PlatApi api = new PlatApi(node.url());
    String name = E2eNames.fresh();
    FUNCTIONS.add(name);

    // a bad schedule or zone is refused before anything is built, naming the field
    PlatApi.Response bad = api.deploy(name, "python-flask", TestZips.pythonFunction(TICKING), NodeProcess.ADMIN_TOKEN,
      new JsonObject().put("schedule", "61 * * * *"));
    assertEquals(400, bad.status(), bad::toString);
    assertEquals("bad_schedule", bad.json().getString("code"), bad::toString);
    assertTrue(bad.json().getString("error").contains("schedule"), bad::toString);
    PlatApi.Response badZone = api.deploy(name, "python-flask", TestZips.pythonFunction(TICKING), NodeProcess.ADMIN_TOKEN,
      new JsonObject().put("schedule", "*/5 * * * *").put("scheduleTimezone", "Mars/Olympus"));
    assertEquals(400, badZone.status(), badZone::toString);
    assertEquals("bad_schedule_timezone", badZone.json().getString("code"), badZone::toString);

    PlatApi.Response deploy = api.deploy(name, "python-flask", TestZips.pythonFunction(TICKING), NodeProcess.ADMIN_TOKEN,
      new JsonObject().put("schedule", "@every 2s"));
    assertEquals(202, deploy.status(), deploy::toString);
    api.awaitServing(name, WAIT, node::output);
    assertEquals("@every 2s", api.function(name).json().getString("schedule"));
    PlatApi.Response badPatch = api.patch(name, new JsonObject().put("schedule", "@every 3d"), NodeProcess.ADMIN_TOKEN);
    assertEquals(400, badPatch.status(), badPatch::toString);
    assertEquals("bad_schedule", badPatch.json().getString("code"), badPatch::toString);

    // N ticks: N finished invocations of the function
    List<JsonObject> finished = Poll.until(WAIT, TICKS + " scheduled invocations finished", () -> {
      List<JsonObject> list = invocations(api, name);
      assertTrue(list.stream().noneMatch(i -> "failed".equals(i.getString("state"))), list::toString);
      List<JsonObject> done = list.stream().filter(i -> "succeeded".equals(i.getString("state"))).toList();
      return done.size() >= TICKS ? done : null;
    }, node::output);

    JsonObject schedules = api.get("/api/schedules", NodeProcess.ADMIN_TOKEN).json();
    JsonObject row = schedules.getJsonArray("schedules").stream().map(JsonObject.class::cast)
      .filter(s -> name.equals(s.getString("function"))).findFirst().orElseThrow(() -> new AssertionError(schedules.encode()));
    assertEquals("@every 2s", row.getString("schedule"));
    assertEquals("UTC", row.getString("timezone"));
    assertEquals(0, row.getLong("nextRun") % 2000, row::encode);
    JsonObject last = row.getJsonObject("lastRun");
    assertTrue(last != null && last.getString("id") != null && last.getString("state") != null, row::encode);

    // each tick ran exactly once, as a POST carrying its tick; every run is an invocation of the list
    Map<String, Integer> runs = runs(data);
    List<JsonObject> listed = invocations(api, name);
    runs.forEach((tick, count) -> assertEquals(1, count, "tick " + tick + " ran once: " + runs));
    assertTrue(runs.size() >= finished.size(), "every finished invocation ran: " + runs + " " + finished);
    assertTrue(runs.size() <= listed.size(), "every run is a listed invocation: " + runs + " " + listed);
    for (String line : runs.keySet()) {
      assertTrue(line.startsWith("POST "), line);
      assertEquals(0, Instant.parse(line.substring(5)).toEpochMilli() % 2000, "a tick on the 2 s grid: " + line);
    }

    // clearing the schedule stops it: no new invocation once the leader saw the change
    PlatApi.Response cleared = api.patch(name, new JsonObject().putNull("schedule"), NodeProcess.ADMIN_TOKEN);
    assertEquals(200, cleared.status(), cleared::toString);
    Poll.untilTrue(WAIT, "the schedule gone from /api/schedules", () -> api.get("/api/schedules", NodeProcess.ADMIN_TOKEN)
      .json().getJsonArray("schedules").stream().noneMatch(s -> name.equals(((JsonObject) s).getString("function"))),
      node::output);
  }

  /** The function's invocations, newest first. */
  static List<JsonObject> invocations(PlatApi api, String name) {
    PlatApi.Response r = api.get("/api/invocations?function=" + name + "&limit=500", NodeProcess.ADMIN_TOKEN);
    assertEquals(200, r.status(), r::toString);
    JsonArray list = r.json().getJsonArray("invocations");
    List<JsonObject> out = new ArrayList<>();
    list.forEach(o -> out.add((JsonObject) o));
    return out;
  }

  /** How many times each "METHOD tick" line was written: every ticks.log under the data folders' socket folders. */
  static Map<String, Integer> runs(Path... dataDirs) throws IOException {
    Map<String, Integer> counts = new HashMap<>();
    for (Path data : dataDirs) {
      Path sockets = data.resolve("sockets");
      if (!Files.isDirectory(sockets)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(sockets)) {
        for (Path log : files.filter(p -> p.getFileName().toString().equals("ticks.log")).toList()) {
          for (String line : Files.readAllLines(log)) {
            if (!line.isEmpty()) {
              counts.merge(line, 1, Integer::sum);
            }
          }
        }
      }
    }
    return counts;
  }
}
