package dev.plat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployCommandTest {
  @TempDir
  Path tmp;
  FakePlatServer server;
  CliRun cli;
  final AtomicInteger polls = new AtomicInteger();

  @BeforeEach
  void setUp() throws IOException {
    server = new FakePlatServer();
    cli = CliRun.against(server.url(), tmp);
    Path fn = tmp.resolve("hello");
    FunctionZipperTest.write(fn, "plat.json", "{\"name\":\"hello\",\"runtime\":\"python-flask\",\"env\":{\"A\":\"1\"}}");
    FunctionZipperTest.write(fn, "handler.py", "def handle(req): return 'hi'");
    FunctionZipperTest.write(fn, ".platignore", "*.pyc\n");
    FunctionZipperTest.write(fn, "cache.pyc", "junk");
    server.json("POST", "/api/functions", 202, "{\"name\":\"hello\",\"version\":3,\"buildId\":\"b-42\"}")
      .json("GET", "/api/builds/b-42/logs", 200, "Step 1/2 : FROM base\nStep 2/2 : COPY . .\n")
      .json("GET", "/api/builds/b-42", 200,
        "{\"id\":\"b-42\",\"function\":\"hello\",\"version\":3,\"state\":\"succeeded\",\"error\":null,\"logTail\":\"\"}")
      .on("GET", "/api/functions/hello", (req, ex) -> FakePlatServer.send(ex, 200, polls.incrementAndGet() < 2
        ? "{\"name\":\"hello\",\"version\":2,\"state\":\"ready\"}"
        : "{\"name\":\"hello\",\"version\":3,\"state\":\"ready\",\"url\":\"http://hello.fn.test:8080/\"}"));
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  static List<String> zipEntries(byte[] zip) throws IOException {
    List<String> names = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        names.add(e.getName());
      }
    }
    return names;
  }

  @Test
  void uploadsTheZipFollowsTheBuildWaitsForReadyAndPrintsTheUrl() throws IOException {
    CliRun.Result r = cli.run("deploy", "hello", "--env", "B=2", "--max", "3");

    assertEquals(0, r.exit(), r.toString());
    assertEquals("Deployed hello v3: http://hello.fn.test:8080/\n", r.out());
    assertTrue(r.err().contains("Step 1/2 : FROM base\nStep 2/2 : COPY . .\n"), r.err());
    FakePlatServer.Recorded upload = server.requests("POST", "/api/functions").get(0);
    assertEquals("name=hello&runtime=python-flask", upload.query());
    assertEquals("application/zip", upload.header("Content-Type"));
    assertEquals("Bearer test-token", upload.header("Authorization"));
    assertEquals(String.valueOf(upload.body().length), upload.header("Content-Length"));
    assertEquals(JsonTrees.parseObject("{\"env\":{\"A\":\"1\",\"B\":\"2\"},\"scaling\":{\"max\":3}}".getBytes(), "x"),
      JsonTrees.parseObject(upload.header("X-Plat-Spec").getBytes(), "X-Plat-Spec"));
    assertEquals(List.of(".platignore", "handler.py", "plat.json"), zipEntries(upload.body()));
    assertEquals(2, polls.get(), "waits for the new version, not the old ready one");
  }

  @Test
  void printsTheFunctionJsonWithOutputJson() {
    CliRun.Result r = cli.run("deploy", "hello", "-o", "json");
    assertEquals(0, r.exit(), r.toString());
    JsonNode fn = JsonTrees.parseObject(r.out().getBytes(), "stdout");
    assertEquals(3, fn.path("version").asInt());
  }

  @Test
  void aFailedBuildExitsOneWithTheBuildError() {
    server.json("GET", "/api/builds/b-42", 200,
      "{\"id\":\"b-42\",\"state\":\"failed\",\"error\":\"pip install failed: no module flask2\",\"logTail\":\"x\"}");
    CliRun.Result r = cli.run("deploy", "hello");
    assertEquals(1, r.exit(), r.toString());
    assertEquals("", r.out());
    assertTrue(r.err().contains("plat: build b-42 failed: pip install failed: no module flask2"), r.err());
    assertTrue(server.requests("GET", "/api/functions/hello").isEmpty());
  }

  @Test
  void waitsForAnInstanceOfTheNewVersionNotJustTheNewVersionNumber() {
    server.on("GET", "/api/functions/hello", (req, ex) -> FakePlatServer.send(ex, 200, polls.incrementAndGet() < 3
      ? "{\"name\":\"hello\",\"version\":3,\"state\":\"ready\",\"instances\":["
        + "{\"id\":\"a\",\"state\":\"ready\",\"version\":2},{\"id\":\"b\",\"state\":\"starting\",\"version\":3}]}"
      : "{\"name\":\"hello\",\"version\":3,\"state\":\"ready\",\"instances\":["
        + "{\"id\":\"b\",\"state\":\"ready\",\"version\":3}]}"));
    CliRun.Result r = cli.run("deploy", "hello");
    assertEquals(0, r.exit(), r.toString());
    assertEquals(3, polls.get(), "the state said ready while only the old version's instance was");
  }

  @Test
  void aFailingFunctionExitsOne() {
    server.json("GET", "/api/functions/hello", 200,
      "{\"name\":\"hello\",\"version\":3,\"state\":\"failing\",\"error\":\"exit code 1\"}");
    CliRun.Result r = cli.run("deploy", "hello");
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.err().contains("hello v3 is failing: exit code 1"), r.err());
  }

  @Test
  void aRejectedTokenExitsOneWithTheServersMessage() {
    server.json("POST", "/api/functions", 401, "{\"error\":\"invalid or missing token\",\"code\":\"unauthorized\"}");
    CliRun.Result r = cli.run("deploy", "hello");
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.err().endsWith("plat: invalid or missing token (unauthorized)\n"), r.err());
  }

  @Test
  void flagsOverrideTheManifestsNameAndRuntime() {
    server.json("POST", "/api/functions", 202, "{\"name\":\"other\",\"version\":1,\"buildId\":\"b-42\"}")
      .json("GET", "/api/functions/other", 200, "{\"name\":\"other\",\"version\":1,\"state\":\"ready\"}");
    CliRun.Result r = cli.run("deploy", "hello", "--name", "other", "--runtime", "node", "--public");
    assertEquals(0, r.exit(), r.toString());
    FakePlatServer.Recorded upload = server.requests("POST", "/api/functions").get(0);
    assertEquals("name=other&runtime=node", upload.query());
    assertTrue(upload.header("X-Plat-Spec").contains("\"public\":true"), upload.header("X-Plat-Spec"));
    assertEquals("Deployed other v1: " + server.url() + "/function/other\n", r.out());
  }

  @Test
  void aFolderWithoutANameIsRefusedBeforeUploading() throws IOException {
    FunctionZipperTest.write(tmp, "empty/handler.py", "x");
    CliRun.Result r = cli.run("deploy", "empty");
    assertEquals(1, r.exit(), r.toString());
    assertEquals("plat: no function name: set \"name\" in plat.json or pass --name\n", r.err());
    assertTrue(server.requests.isEmpty());
  }

  @Test
  void withoutALogStreamAFailedBuildPrintsItsLogTail() {
    server.json("GET", "/api/builds/b-42/logs", 404, "{\"error\":\"no log\",\"code\":\"not_found\"}")
      .json("GET", "/api/builds/b-42", 200,
        "{\"id\":\"b-42\",\"state\":\"failed\",\"error\":\"bad handler\",\"logTail\":\"SyntaxError at line 1\"}");
    CliRun.Result r = cli.run("deploy", "hello");
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.err().contains("SyntaxError at line 1\nplat: build b-42 failed: bad handler\n"), r.err());
  }

  @Test
  void givesUpWhenTheFunctionIsNotReadyInTime() {
    server.json("GET", "/api/functions/hello", 200, "{\"name\":\"hello\",\"version\":3,\"state\":\"starting\"}");
    CliRun.Result r = cli.run("deploy", "hello", "--timeout", "1");
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.err().contains("plat: timed out after 1 s waiting for hello v3 to be ready (state: starting)"), r.err());
  }
}
