package dev.plat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invocation bodies stream through a node whose heap (and direct memory) is capped at 64 MB: 300 MB
 * up (with a length, and chunked) and 300 MB down pass with the right byte counts, and a chunked
 * answer's first chunk reaches the caller while the function is still working.
 */
class StreamingIT {
  private static final List<String> JVM_OPTIONS = List.of("-Xmx64m", "-XX:MaxDirectMemorySize=64m");
  private static final long MIB = 1024 * 1024;
  private static final long SIZE = 300 * MIB;
  private static final Set<String> FUNCTIONS = new LinkedHashSet<>();

  @TempDir
  static Path tmp;
  private static FunctionDocker docker;
  private static NodeProcess node;
  private static PlatApi api;
  private static String name;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
    .version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void startNodeAndDeploy() throws Exception {
    docker = FunctionDocker.require();
    node = NodeProcess.startHealthy(tmp.resolve("data"), "e2e-stream", JVM_OPTIONS);
    api = new PlatApi(node.url());
    name = E2eNames.fresh();
    FUNCTIONS.add(name);
    TestFunctions.deploy(PlatCli.against(node, tmp.resolve("home")), node, tmp, TestFunctions.manifest(name), "v1");
  }

  @AfterAll
  static void stopNode() throws Exception {
    try {
      if (node != null) {
        assertFalse(node.output().contains("OutOfMemoryError"), node::output);
        assertTrue(node.stop(), "the node did not stop within 30 s of SIGTERM");
      }
    } finally {
      if (docker != null) {
        docker.removeAll(FUNCTIONS);
        docker.close();
      }
    }
  }

  @Test
  @Timeout(180)
  void a_300_mb_upload_streams_to_the_function_with_a_length_and_chunked() throws Exception {
    HttpRequest.BodyPublisher sized = BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> new Zeros(SIZE)), SIZE);
    upload("with Content-Length", sized);
    upload("chunked", BodyPublishers.ofInputStream(() -> new Zeros(SIZE)));
    assertTrue(node.isAlive(), node::output);
  }

  private void upload(String how, HttpRequest.BodyPublisher body) throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> response = http.send(invocation("/count").header("Content-Type", "application/octet-stream")
      .POST(body).build(), HttpResponse.BodyHandlers.ofString());
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertEquals(200, response.statusCode(), () -> how + ": " + response.body() + "\n" + node.output());
    assertEquals(SIZE, new JsonObject(response.body()).getLong("bytes"), how);
    System.out.printf("upload %s: %d MiB in %d ms (%.0f MiB/s) through a node with %s%n", how, SIZE / MIB, millis,
      SIZE / (double) MIB * 1000 / millis, JVM_OPTIONS);
  }

  @Test
  @Timeout(180)
  void a_300_mb_download_streams_from_a_generator() throws Exception {
    long start = System.nanoTime();
    HttpResponse<InputStream> response = http.send(invocation("/download?mb=" + SIZE / MIB).GET().build(),
      HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, response.statusCode(), node::output);
    long total = 0;
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = response.body()) {
      for (int n; (n = in.read(buf)) >= 0; ) {
        for (int i = 0; i < n; i += 4096) {
          assertEquals('x', buf[i], "byte " + (total + i));
        }
        total += n;
      }
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertEquals(SIZE, total);
    System.out.printf("download: %d MiB in %d ms (%.0f MiB/s) through a node with %s%n", SIZE / MIB, millis,
      SIZE / (double) MIB * 1000 / millis, JVM_OPTIONS);
    assertTrue(node.isAlive(), node::output);
  }

  @Test
  @Timeout(60)
  void the_first_chunk_arrives_while_the_function_is_still_working() throws Exception {
    // the function writes its second line only once the test has read the first one and made the
    // signal file; a response held back until the function ends would never give the first line
    // before the function's own bound (300 s), far beyond this test's timeout
    String signal = "go-" + UUID.randomUUID();
    HttpResponse<InputStream> response = http.send(invocation("/lines?until=" + signal + "&s=300").GET().build(),
      HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, response.statusCode(), node::output);
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      assertEquals("first", lines.readLine());
      signalInstances(signal);
      assertEquals("second", lines.readLine());
      assertEquals(null, lines.readLine());
    }
  }

  /** Creates {@code name} beside every instance socket of the node ({@code <dataDir>/sockets/<instance>/fn.sock}). */
  private static void signalInstances(String name) throws IOException {
    Path dir = node.dataDir().resolve("sockets");
    List<Path> sockets;
    try (Stream<Path> instances = Files.list(dir)) {
      sockets = instances.map(i -> i.resolve("fn.sock")).filter(Files::exists).toList();
    }
    assertFalse(sockets.isEmpty(), "no instance socket under " + dir);
    for (Path socket : sockets) {
      Files.createFile(socket.resolveSibling(name));
    }
  }

  private HttpRequest.Builder invocation(String pathAndQuery) {
    return api.http1("/function/" + name + pathAndQuery, NodeProcess.ADMIN_TOKEN).timeout(Duration.ofSeconds(120));
  }

  /** {@code size} zero bytes, made up as they are read. */
  private static final class Zeros extends InputStream {
    private long left;

    Zeros(long size) {
      this.left = size;
    }

    @Override
    public int read() {
      if (left <= 0) {
        return -1;
      }
      left--;
      return 0;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      Arrays.fill(b, off, off + n, (byte) 0);
      left -= n;
      return n;
    }
  }
}
