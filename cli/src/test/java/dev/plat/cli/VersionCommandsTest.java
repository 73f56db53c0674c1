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

/** versions and rollback. */
class VersionCommandsTest {
  static final String VERSIONS = "{\"name\":\"hello\",\"current\":3,\"versions\":["
    + "{\"version\":3,\"createdAt\":1700000002000,\"digest\":\"sha256:aaaaaaaaaaaabbbb\",\"origin\":\"rollback of v1\",\"current\":true},"
    + "{\"version\":2,\"createdAt\":1700000001000,\"digest\":\"sha256:cccccccccccc0000\",\"origin\":\"deploy\",\"current\":false},"
    + "{\"version\":1,\"createdAt\":1700000000000,\"digest\":\"sha256:aaaaaaaaaaaabbbb\",\"origin\":\"deploy\",\"current\":false}]}";
  @TempDir
  Path tmp;
  FakePlatServer server;
  CliRun cli;

  @BeforeEach
  void setUp() throws IOException {
    server = new FakePlatServer().json("GET", "/api/functions/hello/versions", 200, VERSIONS)
      .json("POST", "/api/functions/hello/rollback", 200, "{\"name\":\"hello\",\"version\":3,\"rolledBackFrom\":1}")
      .json("GET", "/api/functions/hello", 200, "{\"name\":\"hello\",\"version\":3,\"state\":\"ready\","
        + "\"url\":\"http://127.0.0.1:8080/function/hello\",\"instances\":[{\"version\":3,\"state\":\"ready\"}]}");
    cli = CliRun.against(server.url(), tmp);
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  @Test
  void versionsPrintsATableNewestFirstWithTheCurrentMarked() {
    CliRun.Result r = cli.run("versions", "hello");
    assertEquals(0, r.exit(), r.toString());
    String[] lines = r.out().split("\n");
    assertTrue(lines[0].matches("VERSION +CREATED +DIGEST +ORIGIN +CURRENT"), lines[0]);
    assertTrue(lines[1].matches("v3 +2023-11-14T22:13:22Z +aaaaaaaaaaaa +rollback of v1 +\\*"), lines[1]);
    assertTrue(lines[3].matches("v1 +2023-11-14T22:13:20Z +aaaaaaaaaaaa +deploy *"), lines[3]);
    assertEquals(4, lines.length);
  }

  @Test
  void versionsAsJsonIsTheApisAnswer() {
    CliRun.Result r = cli.run("-o", "json", "versions", "hello");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("\"origin\" : \"rollback of v1\""), r.out());
  }

  @Test
  void rollbackSendsTheTargetWaitsForTheNewVersionAndPrintsIt() {
    CliRun.Result r = cli.run("rollback", "hello", "--to", "1");
    assertEquals(0, r.exit(), r.toString());
    assertEquals("Rolled back hello to v1 as v3: http://127.0.0.1:8080/function/hello\n", r.out());
    FakePlatServer.Recorded sent = server.requests("POST", "/api/functions/hello/rollback").get(0);
    assertEquals("{\"to\":1}", new String(sent.body(), StandardCharsets.UTF_8));
    assertTrue(!server.requests("GET", "/api/functions/hello").isEmpty(), "it waited for the version to be ready");

    assertEquals(0, cli.run("rollback", "hello").exit());
    assertEquals("{}", new String(server.requests("POST", "/api/functions/hello/rollback").get(1).body(),
      StandardCharsets.UTF_8));
  }

  @Test
  void rollbackPassesTheApisErrorOn() {
    server.json("POST", "/api/functions/hello/rollback", 404,
      "{\"error\":\"'hello' has no kept version v9; kept: v1, v2\",\"code\":\"version_not_found\"}");
    CliRun.Result r = cli.run("rollback", "hello", "--to", "9");
    assertTrue(r.exit() != 0, r.toString());
    assertTrue(r.err().contains("no kept version v9"), r.err());
  }
}
