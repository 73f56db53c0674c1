package dev.plat.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InvokeCommandTest {
  @TempDir
  Path tmp;
  FakePlatServer server;
  CliRun cli;

  @BeforeEach
  void setUp() throws IOException {
    server = new FakePlatServer()
      .on("POST", "/function/hello/echo", (req, ex) -> FakePlatServer.send(ex, 200, "got " + req.body().length))
      .on("GET", "/function/hello", (req, ex) -> FakePlatServer.send(ex, 200, "hi"))
      .on("PUT", "/function/broken", (req, ex) -> FakePlatServer.send(ex, 500, "boom"));
    cli = CliRun.against(server.url(), tmp);
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  @Test
  void sendsTheFileBodyAndExitsOneOnA500() throws IOException {
    byte[] payload = new byte[100_000];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) i;
    }
    Files.write(tmp.resolve("payload.bin"), payload);

    CliRun.Result r = cli.run("invoke", "broken", "-X", "put", "-d", "@payload.bin");

    assertEquals(1, r.exit(), r.toString());
    assertEquals("boom", r.out());
    assertEquals("plat: broken answered HTTP 500\n", r.err());
    FakePlatServer.Recorded request = server.requests("PUT", "/function/broken").get(0);
    assertArrayEquals(payload, request.body());
    assertEquals("application/octet-stream", request.header("Content-Type"));
    assertEquals("Bearer test-token", request.header("Authorization"));
  }

  @Test
  void dataMeansPostAndJsonIsSentAsJson() {
    CliRun.Result r = cli.run("invoke", "hello", "--path", "/echo?x=1", "-d", "{\"x\":1}", "-H", "X-Trace: abc");
    assertEquals(0, r.exit(), r.toString());
    assertEquals("got 7", r.out());
    FakePlatServer.Recorded request = server.requests("POST", "/function/hello/echo").get(0);
    assertEquals("x=1", request.query());
    assertEquals("application/json", request.header("Content-Type"));
    assertEquals("abc", request.header("X-Trace"));
  }

  @Test
  void atDashReadsTheBodyFromStdin() {
    cli.stdin = new ByteArrayInputStream("from stdin".getBytes(StandardCharsets.UTF_8));
    CliRun.Result r = cli.run("invoke", "hello", "--path", "echo", "-d", "@-");
    assertEquals(0, r.exit(), r.toString());
    assertEquals("from stdin", new String(server.requests("POST", "/function/hello/echo").get(0).body(),
      StandardCharsets.UTF_8));
  }

  @Test
  void withoutDataItIsAGet() {
    CliRun.Result r = cli.run("invoke", "hello");
    assertEquals(0, r.exit(), r.toString());
    assertEquals("hi", r.out());
  }

  @Test
  void aMissingFileOrABadHeaderIsRefusedBeforeSending() {
    CliRun.Result missing = cli.run("invoke", "hello", "-d", "@nope.json");
    assertEquals(1, missing.exit(), missing.toString());
    assertTrue(missing.err().contains("nope.json"), missing.err());
    assertEquals(2, cli.run("invoke", "hello", "-H", "no-colon").exit());
    assertTrue(server.requests.isEmpty());
  }
}
