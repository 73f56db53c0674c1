package dev.plat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListCommandTest {
  static final String FUNCTIONS = "{\"functions\":["
    + "{\"name\":\"hello\",\"runtime\":\"python-flask\",\"version\":3,\"state\":\"ready\","
    + "\"instances\":[{\"id\":\"i1\",\"state\":\"running\"},{\"id\":\"i2\",\"state\":\"paused\"}],"
    + "\"metrics\":{\"requestsPerMinute\":42,\"p95Ms\":2.46},"
    + "\"url\":\"http://127.0.0.1:8080/function/hello\",\"updatedAt\":1}," 
    + "{\"name\":\"web\",\"runtime\":\"node\",\"version\":1,\"state\":\"stopped\",\"instances\":[],\"updatedAt\":2}]}";
  @TempDir
  Path tmp;
  FakePlatServer server;

  @BeforeEach
  void setUp() throws IOException {
    server = new FakePlatServer().json("GET", "/api/functions", 200, FUNCTIONS);
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  @Test
  void outputJsonPrintsValidJson() {
    CliRun.Result r = CliRun.against(server.url(), tmp).run("ls", "-o", "json");
    assertEquals(0, r.exit(), r.toString());
    JsonNode body = JsonTrees.parseObject(r.out().getBytes(), "stdout");
    assertEquals(2, body.path("functions").size());
    assertEquals("hello", body.path("functions").get(0).path("name").asText());
    assertEquals("Bearer test-token", server.requests("GET", "/api/functions").get(0).header("Authorization"));
  }

  @Test
  void theGlobalOptionWorksBeforeTheCommandToo() {
    CliRun.Result r = CliRun.against(server.url(), tmp).run("--output=json", "list");
    assertEquals(0, r.exit(), r.toString());
    JsonTrees.parseObject(r.out().getBytes(), "stdout");
  }

  @Test
  void textIsATableWithOneRowPerFunction() {
    CliRun.Result r = CliRun.against(server.url(), tmp).run("ls");
    assertEquals(0, r.exit(), r.toString());
    String[] lines = r.out().split("\n");
    assertEquals(3, lines.length, r.out());
    assertTrue(lines[0].matches("NAME +RUNTIME +VERSION +STATE +INSTANCES +REQ/MIN +P95 +URL"), lines[0]);
    assertTrue(lines[1].matches("hello +python-flask +v3 +ready +2 +42 +2\\.5 ms +http://127.0.0.1:8080/function/hello"), lines[1]);
    assertTrue(lines[2].matches("web +node +v1 +stopped +0 +- +- +" + server.url() + "/function/web"), lines[2]);
    assertEquals(lines[0].indexOf("STATE"), lines[1].indexOf("ready"));
  }

  @Test
  void labelSelectorsGoToTheApiAsLabelQueryParameters() {
    CliRun.Result r = CliRun.against(server.url(), tmp).run("ls", "-l", "team=shop", "--label", "tier", "-o", "json");
    assertEquals(0, r.exit(), r.toString());
    assertEquals("label=team%3Dshop&label=tier", server.requests("GET", "/api/functions").get(0).query());
  }

  @Test
  void flagsOverrideTheEnvironment() throws IOException {
    CliRun cli = CliRun.against("http://127.0.0.1:1", tmp);
    CliRun.Result r = cli.run("ls", "--api-url", server.url(), "--token", "flag-token");
    assertEquals(0, r.exit(), r.toString());
    assertEquals("Bearer flag-token", server.requests("GET", "/api/functions").get(0).header("Authorization"));
  }
}
