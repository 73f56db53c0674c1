package dev.plat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogsCommandTest {
  @TempDir
  Path tmp;

  /** Collects stdout and opens a latch once the expected text has arrived. */
  static final class WatchedOutput extends OutputStream {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final CountDownLatch seen = new CountDownLatch(1);
    private final String expected;

    WatchedOutput(String expected) {
      this.expected = expected;
    }

    @Override
    public synchronized void write(int b) {
      bytes.write(b);
      check();
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      bytes.write(b, off, len);
      check();
    }

    private void check() {
      if (bytes.toString(StandardCharsets.UTF_8).contains(expected)) {
        seen.countDown();
      }
    }
  }

  @Test
  void followPrintsEachLineAsItArrives() throws IOException {
    WatchedOutput out = new WatchedOutput("line 1\n");
    AtomicBoolean firstSeenBeforeSecondWritten = new AtomicBoolean();
    try (FakePlatServer server = new FakePlatServer()) {
      server.on("GET", "/api/functions/hello/logs", (req, ex) -> {
        ex.sendResponseHeaders(200, 0);
        try (OutputStream body = ex.getResponseBody()) {
          body.write("line 1\n".getBytes(StandardCharsets.UTF_8));
          body.flush();
          firstSeenBeforeSecondWritten.set(out.seen.await(10, TimeUnit.SECONDS));
          body.write("line 2\n".getBytes(StandardCharsets.UTF_8));
        }
      });
      int exit = CliRun.against(server.url(), tmp).run(out, new ByteArrayOutputStream(), "logs", "-f", "--tail", "10", "hello");

      assertEquals(0, exit);
      assertTrue(firstSeenBeforeSecondWritten.get(), "the first line reached stdout before the second was sent");
      assertEquals("line 1\nline 2\n", out.bytes.toString(StandardCharsets.UTF_8));
      assertEquals("follow=true&tail=10", server.requests.get(0).query());
    }
  }

  @Test
  void withoutFollowAsksForAPlainDump() throws IOException {
    try (FakePlatServer server = new FakePlatServer()) {
      server.json("GET", "/api/functions/hello/logs", 200, "a\nb\n");
      CliRun.Result r = CliRun.against(server.url(), tmp).run("logs", "hello");
      assertEquals(0, r.exit(), r.toString());
      assertEquals("a\nb\n", r.out());
      assertEquals("follow=false", server.requests.get(0).query());
    }
  }

  @Test
  void anUnknownFunctionExitsOneWithTheServersError() throws IOException {
    try (FakePlatServer server = new FakePlatServer()) {
      server.json("GET", "/api/functions/nope/logs", 404, "{\"error\":\"no function 'nope'\",\"code\":\"not_found\"}");
      CliRun.Result r = CliRun.against(server.url(), tmp).run("logs", "nope");
      assertEquals(1, r.exit(), r.toString());
      assertEquals("plat: no function 'nope' (not_found)\n", r.err());
    }
  }

  @Test
  void withNoContainerLeftPrintsTheLastFailuresLinesWithoutControlCharacters() throws IOException {
    try (FakePlatServer server = new FakePlatServer()) {
      server.json("GET", "/api/functions/hello/logs", 200, "");
      server.json("GET", "/api/functions/hello", 200, """
        {"name":"hello","state":"failing","instances":[],"lastFailure":{"reason":"exited with code 3","exitCode":3,
         "logs":["config: DATABASE_URL is not set\\u001b]0;pwned\\u0007","bye"],"at":1}}""");
      CliRun.Result r = CliRun.against(server.url(), tmp).run("logs", "hello");
      assertEquals(0, r.exit(), r.toString());
      assertEquals("config: DATABASE_URL is not set]0;pwned\nbye\n", r.out());
      assertTrue(r.err().contains("no container of hello is left; its last failure: exited with code 3"), r.err());
    }
  }
}
