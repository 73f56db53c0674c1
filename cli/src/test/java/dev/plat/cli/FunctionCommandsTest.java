package dev.plat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** get, url, start, stop and rm: one request each, the answer printed. */
class FunctionCommandsTest {
  static final String HELLO = "{\"name\":\"hello\",\"runtime\":\"python-flask\",\"version\":3,\"state\":\"ready\","
    + "\"url\":\"http://shop-cart.platform.test:8080/\",\"image\":\"127.0.0.1:5000/plat/hello:3\","
    + "\"env\":{\"SECRET\":\"s3cr3t\"},\"limits\":{\"memoryMb\":256},\"scaling\":{\"min\":1,\"max\":5},"
    + "\"metrics\":{\"requestsPerMinute\":7,\"p95Ms\":18.4},"
    + "\"instances\":[{\"id\":\"hello-3-ab\",\"state\":\"running\",\"node\":\"n1\"}]}";
  @TempDir
  Path tmp;
  FakePlatServer server;
  CliRun cli;

  @BeforeEach
  void setUp() throws IOException {
    server = new FakePlatServer().json("GET", "/api/functions/hello", 200, HELLO)
      .json("POST", "/api/functions/hello/start", 200, "{\"name\":\"hello\",\"state\":\"starting\"}")
      .json("POST", "/api/functions/hello/stop", 200, "{\"name\":\"hello\",\"state\":\"stopped\"}")
      .on("DELETE", "/api/functions/hello", (req, ex) -> FakePlatServer.send(ex, 204, ""));
    cli = CliRun.against(server.url(), tmp);
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  @Test
  void getShowsDetailsAndInstancesButNotEnvValues() {
    CliRun.Result r = cli.run("get", "hello");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().matches("(?s)Name: +hello\nRuntime: +python-flask\nVersion: +v3\nState: +ready\n.*"), r.out());
    assertTrue(r.out().matches("(?s).*\nEnv: +SECRET\n.*"), r.out());
    assertTrue(r.out().matches("(?s).*\nRequests/min: +7\np95: +18 ms\n.*"), r.out());
    assertTrue(!r.out().contains("s3cr3t"), r.out());
    assertTrue(r.out().matches("(?s).*hello-3-ab +running +n1\n"), r.out());
  }

  @Test
  void getShowsTheLastFailureWithItsLinesWithoutControlCharacters() {
    server.json("GET", "/api/functions/broken", 200, "{\"name\":\"broken\",\"state\":\"failing\",\"instances\":[],"
      + "\"lastFailure\":{\"reason\":\"exited with code 3\",\"exitCode\":3,\"at\":0,"
      + "\"logs\":[\"config: DATABASE_URL is not set\\u001b[2J\",\"bye\"]}}");
    CliRun.Result r = cli.run("get", "broken");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().matches("(?s).*\nLast failure: +exited with code 3\n.*"), r.out());
    assertTrue(r.out().contains("\nIts last lines:\n  config: DATABASE_URL is not set[2J\n  bye\n"), r.out());
  }

  @Test
  void getShowsLabelsDescriptionAndAHealthPathOtherThanTheDefault() {
    server.json("GET", "/api/functions/cart", 200, "{\"name\":\"cart\",\"state\":\"ready\",\"instances\":[],"
      + "\"healthPath\":\"/ready\",\"startTimeoutSeconds\":90,\"labels\":{\"team\":\"shop\",\"tier\":\"front\"},"
      + "\"description\":\"The cart\\nof the shop\"}");
    CliRun.Result r = cli.run("get", "cart");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().matches("(?s).*\nHealth path: +/ready\nStart timeout: +90 s\nLabels: +team=shop, tier=front\n"
      + "Description: +The cart of the shop\n.*"), r.out());
    assertTrue(!cli.run("get", "hello").out().contains("Health path"), "the default is not shown");
  }

  @Test
  void urlPrintsTheFunctionsUrl() {
    CliRun.Result r = cli.run("url", "hello");
    assertEquals("http://shop-cart.platform.test:8080/\n", r.out(), r.toString());
  }

  @Test
  void startAndStopPostTheAction() {
    assertEquals("Started hello\n", cli.run("start", "hello").out());
    assertEquals("Stopped hello\n", cli.run("stop", "hello").out());
    assertEquals(1, server.requests("POST", "/api/functions/hello/start").size());
    assertEquals(1, server.requests("POST", "/api/functions/hello/stop").size());
  }

  @Test
  void rmDeletesAndImageAsksForTheImagesToo() {
    assertEquals("Removed hello\n", cli.run("rm", "hello").out());
    assertEquals(0, cli.run("delete", "hello", "--image").exit());
    var deletes = server.requests("DELETE", "/api/functions/hello");
    assertEquals(null, deletes.get(0).query());
    assertEquals("image=true", deletes.get(1).query());
  }

  @Test
  void namesArePercentEncodedInPaths() {
    CliRun.Result r = cli.run("get", "../admin");
    assertEquals(1, r.exit(), r.toString());
    assertEquals("/api/functions/..%2Fadmin", server.requests.get(0).path());
  }
}
