package dev.plat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiErrorsTest {
  @TempDir
  Path tmp;

  @Test
  void anUnreachableApiExitsThreeWithTheUrl() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    FunctionZipperTest.write(tmp, "fn/plat.json", "{\"name\":\"fn\",\"runtime\":\"node\"}");
    for (String[] args : new String[][] {{"ls"}, {"deploy", "fn"}, {"logs", "-f", "fn"}, {"invoke", "fn"}}) {
      CliRun.Result r = CliRun.against("http://127.0.0.1:" + port, tmp).run(args);
      assertEquals(3, r.exit(), r.toString());
      assertTrue(r.err().contains("plat: cannot reach http://127.0.0.1:" + port + ": connection refused\n"), r.err());
    }
  }

  @Test
  void aNonJsonErrorBodyIsShownAsText() throws IOException {
    try (FakePlatServer server = new FakePlatServer()) {
      server.on("GET", "/api/functions/x", (req, ex) -> FakePlatServer.send(ex, 502, "Bad Gateway"));
      CliRun.Result r = CliRun.against(server.url(), tmp).run("get", "x");
      assertEquals(1, r.exit(), r.toString());
      assertEquals("plat: Bad Gateway (http_502)\n", r.err());
    }
  }

  @Test
  void aMissingFunctionShowsTheServersErrorAndCode() throws IOException {
    try (FakePlatServer server = new FakePlatServer()) {
      server.json("DELETE", "/api/functions/nope", 404, "{\"error\":\"no function 'nope'\",\"code\":\"not_found\"}");
      CliRun.Result r = CliRun.against(server.url(), tmp).run("rm", "nope");
      assertEquals(1, r.exit(), r.toString());
      assertEquals("plat: no function 'nope' (not_found)\n", r.err());
    }
  }

  @Test
  void anUnknownCommandIsAUsageError() {
    assertEquals(2, CliRun.against("http://127.0.0.1:1", tmp).run("frobnicate").exit());
  }
}
