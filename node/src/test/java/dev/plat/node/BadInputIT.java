package dev.plat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad deploys against a real node: each gets its status and JSON code, and leaves nothing behind:
 * no image or container labelled with the function, no registry entry, no spooled upload.
 */
class BadInputIT {
  /** The node's upload limit, small so a test can pass it cheaply. */
  private static final int MAX_UPLOAD = 64 * 1024;
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Set<String> FUNCTIONS = new LinkedHashSet<>();

  @TempDir
  static Path tmp;
  private static FunctionDocker docker;
  private static NodeProcess node;
  private static PlatApi api;
  private static PlatCli cli;

  @BeforeAll
  static void startNode() throws Exception {
    docker = FunctionDocker.require();
    node = NodeProcess.startHealthy(tmp.resolve("data"), "e2e-bad", "--max-upload-bytes", String.valueOf(MAX_UPLOAD));
    api = new PlatApi(node.url());
    cli = PlatCli.against(node, tmp.resolve("home"));
  }

  @AfterAll
  static void stopNode() throws Exception {
    try {
      if (node != null) {
        node.stop();
      }
    } finally {
      if (docker != null) {
        docker.removeAll(FUNCTIONS);
        docker.close();
      }
    }
  }

  static Stream<Arguments> badZips() {
    byte[] handler = TestZips.HANDLER_PY.getBytes(StandardCharsets.UTF_8);
    return Stream.of(
      Arguments.of("not a zip", "python-flask", "this is not a zip file".getBytes(StandardCharsets.UTF_8), "not_a_zip"),
      Arguments.of("zip-slip", "python-flask", TestZips.zip().file("handler.py", handler).file("../evil", "x").bytes(), "zip_slip"),
      Arguments.of("symlink out", "python-flask", TestZips.zip().file("handler.py", handler).symlink("passwd", "/etc/passwd").bytes(), "zip_slip"),
      Arguments.of("no handler", "python-flask", TestZips.zip().file("main.py", handler).bytes(), "missing_handler"),
      Arguments.of("unknown runtime", "cobol-85", TestZips.pythonFunction(), "unknown_runtime"));
  }

  @ParameterizedTest(name = "{0}: 400 {3}")
  @MethodSource("badZips")
  void a_bad_zip_is_refused_with_400_and_its_code_and_leaves_nothing(String what, String runtime, byte[] zip, String code)
      throws Exception {
    String name = fresh();
    PlatApi.Response response = api.deploy(name, runtime, zip, NodeProcess.ADMIN_TOKEN);
    assertEquals(400, response.status(), response::toString);
    assertEquals(code, response.code(), response::toString);
    assertTrue(response.json().getString("error", "").length() > 0, response::toString);
    assertNothingLeft(name);
  }

  @Test
  void a_bad_name_is_refused_with_400_bad_name_and_leaves_nothing() throws Exception {
    for (String name : List.of("Bad_Name", "-leading-dash", "a".repeat(64))) {
      PlatApi.Response response = api.deploy(name, "python-flask", TestZips.pythonFunction(), NodeProcess.ADMIN_TOKEN);
      assertEquals(400, response.status(), response::toString);
      assertEquals("bad_name", response.code(), response::toString);
      assertTrue(docker.images(name).isEmpty() && docker.containers(name).isEmpty());
    }
    assertUploadsEmpty();
  }

  @Test
  void an_upload_over_the_limit_is_refused_with_413_declared_or_chunked_and_leaves_nothing() throws Exception {
    byte[] big = TestZips.zip().file("handler.py", TestZips.HANDLER_PY).file("big.bin", TestZips.incompressible(MAX_UPLOAD + 1024)).bytes();
    String declared = fresh();
    PlatApi.Response refused = api.deploy(declared, "python-flask", big, NodeProcess.ADMIN_TOKEN);
    assertEquals(413, refused.status(), refused::toString);
    assertEquals("payload_too_large", refused.code(), refused::toString);
    assertNothingLeft(declared);

    String chunked = fresh();
    PlatApi.Response cut = api.deployChunked(chunked, "python-flask", big, NodeProcess.ADMIN_TOKEN);
    assertEquals(413, cut.status(), cut::toString);
    assertEquals("payload_too_large", cut.code(), cut::toString);
    assertNothingLeft(chunked);
  }

  @Test
  void the_cli_reports_an_upload_over_the_limit_and_exits_1() throws Exception {
    String name = fresh();
    Path dir = init(name);
    Files.write(dir.resolve("big.bin"), TestZips.incompressible(MAX_UPLOAD + 1024));
    PlatCli.Result deploy = cli.run(dir, "deploy");
    assertEquals(1, deploy.exit(), deploy::toString);
    assertTrue(deploy.err().contains("payload_too_large"), deploy::toString);
    assertNothingLeft(name);
  }

  @Test
  void a_build_failure_fails_the_cli_with_pips_error_and_registers_nothing() throws Exception {
    String name = fresh();
    Path dir = init(name);
    Files.writeString(dir.resolve("requirements.txt"), "plat-e2e-no-such-package==9.9.9\n");
    PlatCli.Result deploy = cli.run(dir, "deploy");
    assertEquals(1, deploy.exit(), deploy::toString);
    assertTrue(deploy.err().lines().anyMatch(l -> l.startsWith("ERROR:") && l.contains("plat-e2e-no-such-package==9.9.9")),
      "pip's error naming the package is shown:\n" + deploy);
    assertTrue(deploy.err().contains("plat: build " + name + "-1-") && deploy.err().contains(" failed"), deploy::toString);
    assertNothingLeft(name);
  }

  private static Path init(String name) throws IOException {
    PlatCli.Result init = cli.run(tmp, "init", "--runtime", "python-flask", name);
    assertEquals(0, init.exit(), init::toString);
    return tmp.resolve(name);
  }

  private static String fresh() {
    String name = E2eNames.fresh();
    FUNCTIONS.add(name);
    return name;
  }

  /** No registry entry, no image or container labelled with {@code name}, no spooled upload or build context. */
  private static void assertNothingLeft(String name) throws IOException {
    PlatApi.Response get = api.function(name);
    assertEquals(404, get.status(), get::toString);
    assertEquals("function_not_found", get.code(), get::toString);
    Path registry = node.dataDir().resolve("registry/functions.json");
    if (Files.exists(registry)) {
      JsonObject file = new JsonObject(Files.readString(registry));
      assertTrue(!file.encode().contains("\"" + name + "\""), file::encodePrettily);
    }
    assertTrue(docker.images(name).isEmpty(), () -> "images of " + name + ": " + docker.images(name));
    assertTrue(docker.containers(name).isEmpty(), () -> "containers of " + name + ": " + docker.containers(name));
    assertUploadsEmpty();
  }

  private static void assertUploadsEmpty() {
    Path uploads = node.dataDir().resolve("uploads");
    Poll.untilTrue(WAIT, "the uploads folder to be empty", () -> list(uploads).isEmpty(), () -> list(uploads).toString());
  }

  private static List<Path> list(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
