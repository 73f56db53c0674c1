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

/** {@code plat invoke --async} and {@code plat invocations} against a stand-in gateway. */
class InvocationsCommandTest {
  private static final String LIST = "{\"invocations\":[{\"id\":\"a1\",\"function\":\"hello\",\"state\":\"failed\","
    + "\"attempts\":3,\"createdAt\":0,\"result\":{\"status\":500},\"callback\":{\"state\":\"pending\"}},{\"id\":\"b2\",\"function\":\"hello\","
    + "\"state\":\"queued\",\"attempts\":0,\"createdAt\":0}]}";

  @TempDir
  Path tmp;
  FakePlatServer server;
  CliRun cli;

  @BeforeEach
  void setUp() throws IOException {
    server = new FakePlatServer()
      .on("POST", "/async-function/hello/items", (req, ex) -> {
        ex.getResponseHeaders().set("X-Invocation-Id", "inv-1");
        FakePlatServer.send(ex, 202, "{\"id\":\"inv-1\"}");
      })
      .json("GET", "/api/invocations", 200, LIST)
      .json("GET", "/api/invocations/inv-1", 200, "{\"id\":\"inv-1\",\"function\":\"hello\",\"state\":\"succeeded\","
        + "\"attempts\":1,\"result\":{\"status\":200,\"body\":\"hi there\",\"bodyEncoding\":\"text\"},"
        + "\"callbackUrl\":\"https://hooks.example.com/done\",\"callback\":{\"state\":\"delivered\",\"attempts\":2,"
        + "\"status\":200,\"node\":\"n1\"}}");
    cli = CliRun.against(server.url(), tmp);
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  @Test
  void invoke_async_posts_to_the_async_route_with_its_headers_and_prints_the_id() {
    CliRun.Result r = cli.run("invoke", "--async", "hello", "--path", "/items?x=1", "-d", "{\"a\":1}",
      "--callback-url", "http://127.0.0.1:9/cb", "--idempotency-key", "k1");
    assertEquals(0, r.exit(), r.toString());
    assertEquals("inv-1\n", r.out());
    FakePlatServer.Recorded request = server.requests("POST", "/async-function/hello/items").get(0);
    assertEquals("x=1", request.query());
    assertEquals("{\"a\":1}", new String(request.body(), StandardCharsets.UTF_8));
    assertEquals("http://127.0.0.1:9/cb", request.header("X-Callback-Url"));
    assertEquals("k1", request.header("Idempotency-Key"));
  }

  @Test
  void invoke_async_without_data_is_still_a_post_and_json_output_is_the_api_answer() {
    CliRun.Result r = cli.run("invoke", "hello", "--async", "--path", "items", "-o", "json");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("\"id\" : \"inv-1\""), r.out());
  }

  @Test
  void callback_url_without_async_is_a_usage_error() {
    CliRun.Result r = cli.run("invoke", "hello", "--callback-url", "http://x/");
    assertEquals(2, r.exit(), r.toString());
  }

  @Test
  void invocations_lists_a_table_filtered_by_function() {
    CliRun.Result r = cli.run("invocations", "hello");
    assertEquals(0, r.exit(), r.toString());
    String[] lines = r.out().split("\n");
    assertTrue(lines[0].startsWith("ID"), r.out());
    assertTrue(lines[0].contains("CALLBACK"), r.out());
    assertTrue(lines[1].contains("a1") && lines[1].contains("failed") && lines[1].contains("500")
      && lines[1].contains("pending"), r.out());
    assertTrue(lines[2].contains("b2") && lines[2].contains("queued") && lines[2].contains(" - "), r.out());
    assertEquals("function=hello&limit=50".length(), server.requests("GET", "/api/invocations").get(0).query().length());
    assertTrue(server.requests("GET", "/api/invocations").get(0).query().contains("function=hello"));
  }

  @Test
  void invocations_with_an_id_shows_its_result() {
    CliRun.Result r = cli.run("invocations", "--id", "inv-1");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("state:    succeeded"), r.out());
    assertTrue(r.out().contains("hi there"), r.out());
    assertTrue(r.out().contains("callback: https://hooks.example.com/done (delivered, 2 sent, last status 200)"), r.out());
  }
}
