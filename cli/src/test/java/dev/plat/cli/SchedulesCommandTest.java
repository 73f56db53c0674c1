package dev.plat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plat schedules} against a stand-in gateway. */
class SchedulesCommandTest {
  private static final String LIST = "{\"schedules\":[{\"function\":\"report\",\"schedule\":\"*/5 * * * *\","
    + "\"timezone\":\"Europe/Paris\",\"nextRun\":1767261900000,\"lastRun\":{\"tick\":1767261600000,\"id\":\"k-1\","
    + "\"state\":\"succeeded\",\"status\":200}},{\"function\":\"tick\",\"schedule\":\"@every 30s\",\"timezone\":\"UTC\"}]}";

  @TempDir
  Path tmp;
  FakePlatServer server;

  @AfterEach
  void tearDown() {
    server.close();
  }

  @Test
  void schedules_lists_next_and_last_runs_as_a_table_and_json() throws IOException {
    server = new FakePlatServer().json("GET", "/api/schedules", 200, LIST);
    CliRun cli = CliRun.against(server.url(), tmp);
    CliRun.Result r = cli.run("schedules");
    assertEquals(0, r.exit(), r.toString());
    String[] lines = r.out().split("\n");
    assertTrue(lines[0].startsWith("FUNCTION"), r.out());
    assertTrue(lines[1].contains("report") && lines[1].contains("*/5 * * * *") && lines[1].contains("Europe/Paris")
      && lines[1].contains("2026-01-01T10:05:00Z") && lines[1].contains("2026-01-01T10:00:00Z")
      && lines[1].contains("k-1") && lines[1].contains("succeeded (200)"), r.out());
    assertTrue(lines[2].contains("tick") && lines[2].contains("@every 30s"), r.out());
    CliRun.Result json = cli.run("schedules", "-o", "json");
    assertEquals(0, json.exit(), json.toString());
    assertTrue(json.out().contains("\"nextRun\" : 1767261900000"), json.out());
  }

  @Test
  void no_schedules_says_how_to_add_one() throws IOException {
    server = new FakePlatServer().json("GET", "/api/schedules", 200, "{\"schedules\":[]}");
    CliRun.Result r = CliRun.against(server.url(), tmp).run("schedules");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.err().contains("No schedules"), r.err());
  }
}
