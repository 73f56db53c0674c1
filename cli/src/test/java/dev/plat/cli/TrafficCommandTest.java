package dev.plat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plat traffic: the split sent, latest, usage errors, and the table. */
class TrafficCommandTest {
  static final String SPLIT = "{\"name\":\"hello\",\"version\":4,\"traffic\":{\"3\":90,\"4\":10},\"instances\":[]}";
  @TempDir
  Path tmp;
  FakePlatServer server;
  CliRun cli;

  @BeforeEach
  void setUp() throws IOException {
    server = new FakePlatServer().json("PUT", "/api/functions/hello/traffic", 200, SPLIT)
      .json("GET", "/api/functions/hello", 200, SPLIT);
    cli = CliRun.against(server.url(), tmp);
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private String sent(int i) {
    return new String(server.requests("PUT", "/api/functions/hello/traffic").get(i).body(), StandardCharsets.UTF_8);
  }

  @Test
  void sendsTheSharesAndPrintsTheSplit() {
    CliRun.Result r = cli.run("traffic", "hello", "v3=90", "latest=10");
    assertEquals(0, r.exit(), r.toString());
    assertEquals("{\"traffic\":{\"3\":90,\"4\":10}}", sent(0), "latest is the current version, read first");
    assertTrue(r.out().matches("(?s)VERSION +TRAFFIC\nv3 +90%\nv4 \\(current\\) +10%\n"), r.out());
  }

  @Test
  void latestEndsTheSplit() {
    assertEquals(0, cli.run("traffic", "hello", "--latest").exit());
    assertEquals(0, cli.run("traffic", "hello", "latest=100").exit());
    assertEquals("{\"latest\":true}", sent(0));
    assertEquals("{\"latest\":true}", sent(1));
  }

  @Test
  void badSharesAreUsageErrorsAndNothingIsSent() {
    assertEquals(2, cli.run("traffic", "hello", "v3=90", "v4=20").exit());
    assertEquals(2, cli.run("traffic", "hello", "v3=ninety").exit());
    assertEquals(2, cli.run("traffic", "hello", "three=100").exit());
    assertEquals(2, cli.run("traffic", "hello", "v3=50", "v3=50").exit());
    assertEquals(2, cli.run("traffic", "hello", "--latest", "v3=100").exit());
    assertTrue(server.requests("PUT", "/api/functions/hello/traffic").isEmpty());
  }

  @Test
  void getShowsTheSplit() {
    CliRun.Result r = cli.run("get", "hello");
    assertTrue(r.out().contains("v3 90%, v4 10%"), r.out());
  }
}
