package dev.plat.gateway;

import static dev.plat.gateway.GatewayHarness.ADMIN;
import static dev.plat.gateway.GatewayHarness.MAX_UPLOAD;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.Names;
import dev.plat.cluster.api.Actions;
import dev.plat.cluster.api.PlatError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class DeployFunctionTest {
  private GatewayHarness gateway;
  private FakeRole controller;
  private byte[] savedUpload;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dataDir) {
    gateway = GatewayHarness.start(vertx, dataDir);
    controller = new FakeRole(vertx, Names.Address.CONTROLLER).on(Actions.Controller.DEPLOY, body -> {
      try {
        savedUpload = Files.readAllBytes(Path.of(body.getString("upload")));
      } catch (java.io.IOException e) {
        throw new PlatError(500, "test", e.toString());
      }
      return new JsonObject().put("name", body.getJsonObject("spec").getString("name")).put("version", 3).put("buildId", "b-42");
    });
  }

  @Test
  void streamsTheZipToTheUploadsFolderAndForwardsTheSpecWithItsSha256() throws Exception {
    byte[] zip = bytes(3000);
    RequestOptions options = gateway.options(HttpMethod.POST, "/api/functions?name=hello&runtime=python-flask", ADMIN)
      .putHeader("Content-Type", "application/zip")
      .putHeader("X-Plat-Spec", "{\"env\":{\"A\":\"1\"},\"scaling\":{\"min\":0,\"max\":2},\"version\":99}");
    GatewayHarness.Response response = gateway.call(options, req -> req.send(Buffer.buffer(zip)));

    assertEquals(202, response.status(), response.text());
    JsonObject body = response.json();
    assertEquals("hello", body.getString("name"));
    assertEquals(3, body.getInteger("version"));
    assertEquals("b-42", body.getString("buildId"));
    assertEquals(new JsonObject().put("build", "/api/builds/b-42").put("logs", "/api/builds/b-42/logs")
      .put("function", "/api/functions/hello"), body.getJsonObject("links"));

    JsonObject sent = controller.only().body();
    assertEquals(Actions.Controller.DEPLOY, controller.only().action());
    JsonObject spec = sent.getJsonObject("spec");
    assertEquals("hello", spec.getString("name"));
    assertEquals("python-flask", spec.getString("runtime"));
    assertEquals("1", spec.getJsonObject("env").getString("A"));
    assertEquals(0, spec.getJsonObject("scaling").getInteger("min"));
    assertTrue(!spec.containsKey("version"), "the platform owns the version");
    assertEquals(sha256(zip), sent.getString("sha256"));
    Path upload = Path.of(sent.getString("upload"));
    assertEquals(gateway.dataDir.resolve("uploads"), upload.getParent());
    assertTrue(upload.getFileName().toString().endsWith(".zip"));
    assertArrayEquals(zip, savedUpload);
  }

  @Test
  void acceptsAChunkedZipUpToTheLimit() {
    byte[] zip = bytes((int) MAX_UPLOAD);
    GatewayHarness.Response response = gateway.call(zipRequest("hello"), req -> sendChunked(req, zip, 1000));

    assertEquals(202, response.status(), response.text());
    assertEquals(sha256(zip), controller.only().body().getString("sha256"));
    assertArrayEquals(zip, savedUpload);
  }

  @Test
  void refusesADeclaredContentLengthOverTheLimitBeforeReading() throws Exception {
    byte[] zip = bytes((int) MAX_UPLOAD + 1);
    GatewayHarness.Response response = gateway.call(zipRequest("hello"), req -> req.send(Buffer.buffer(zip)));

    assertEquals(413, response.status());
    assertEquals("payload_too_large", response.json().getString("code"));
    assertTrue(controller.requests.isEmpty());
    assertEquals(java.util.List.of(), gateway.uploads());
  }

  @Test
  void cutsAChunkedUploadOffWhenItPassesTheLimitAndLeavesNoFile() throws Exception {
    byte[] zip = bytes((int) MAX_UPLOAD * 3);
    GatewayHarness.Response response = gateway.call(zipRequest("hello"), req -> sendChunked(req, zip, 512));

    assertEquals(413, response.status());
    assertEquals("payload_too_large", response.json().getString("code"));
    assertTrue(controller.requests.isEmpty());
    assertEquals(java.util.List.of(), gateway.uploads());
  }

  @Test
  void refusesABadNameOrAMissingRuntimeWith400BeforeTheBody() throws Exception {
    GatewayHarness.Response badName = gateway.call(zipRequest("Bad_Name"), req -> req.send(Buffer.buffer(bytes(10))));
    assertEquals(400, badName.status());
    assertEquals("bad_name", badName.json().getString("code"));

    RequestOptions noRuntime = gateway.options(HttpMethod.POST, "/api/functions?name=hello", ADMIN)
      .putHeader("Content-Type", "application/zip");
    GatewayHarness.Response missing = gateway.call(noRuntime, req -> req.send(Buffer.buffer(bytes(10))));
    assertEquals(400, missing.status());
    assertEquals("missing_runtime", missing.json().getString("code"));

    RequestOptions badSpec = zipRequest("hello").putHeader("X-Plat-Spec", "{not json");
    assertEquals("bad_spec", gateway.call(badSpec, req -> req.send(Buffer.buffer(bytes(10)))).json().getString("code"));

    assertTrue(controller.requests.isEmpty());
    assertEquals(java.util.List.of(), gateway.uploads());
  }

  @Test
  void passesTheControllersErrorThroughAndDeletesTheUpload() throws Exception {
    controller.on(Actions.Controller.DEPLOY, body -> {
      throw new PlatError(503, "build_queue_full", "too many builds waiting");
    });
    GatewayHarness.Response response = gateway.call(zipRequest("hello"), req -> req.send(Buffer.buffer(bytes(100))));

    assertEquals(503, response.status());
    assertEquals(new JsonObject().put("error", "too many builds waiting").put("code", "build_queue_full"), response.json());
    assertEquals(1, controller.requests.size());
    assertEquals(java.util.List.of(), gateway.uploads());
  }

  @Test
  void acceptsAMultipartDeployWithSpecAndCodeParts() {
    byte[] zip = bytes(2000);
    String boundary = "plat-boundary-1";
    Buffer body = Buffer.buffer()
      .appendString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"spec\"\r\n"
        + "Content-Type: application/json\r\n\r\n{\"name\":\"multi\",\"runtime\":\"node\",\"public\":true}\r\n")
      .appendString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"code\"; filename=\"code.zip\"\r\n"
        + "Content-Type: application/zip\r\n\r\n")
      .appendBytes(zip)
      .appendString("\r\n--" + boundary + "--\r\n");
    RequestOptions options = gateway.options(HttpMethod.POST, "/api/functions", ADMIN)
      .putHeader("Content-Type", "multipart/form-data; boundary=" + boundary);
    GatewayHarness.Response response = gateway.call(options, req -> req.send(body));

    assertEquals(202, response.status(), response.text());
    JsonObject sent = controller.only().body();
    assertEquals(new JsonObject().put("name", "multi").put("runtime", "node").put("public", true), sent.getJsonObject("spec"));
    assertEquals(sha256(zip), sent.getString("sha256"));
    assertArrayEquals(zip, savedUpload);
  }

  @Test
  void refusesAMultipartCodePartOverTheLimitAndLeavesNoFile() throws Exception {
    GatewayHarness.Response justOver = gateway.call(multipart(), req -> req.send(multipartBody(bytes((int) MAX_UPLOAD + 1))));
    assertEquals(413, justOver.status());
    assertEquals("payload_too_large", justOver.json().getString("code"));

    byte[] huge = multipartBody(bytes(2 * 1024 * 1024)).getBytes();
    GatewayHarness.Response wayOver = gateway.call(multipart(), req -> sendChunked(req, huge, 16 * 1024));
    assertEquals(413, wayOver.status());
    assertEquals("payload_too_large", wayOver.json().getString("code"));

    assertTrue(controller.requests.isEmpty());
    assertEquals(java.util.List.of(), gateway.uploads());
  }

  @Test
  void readsTheSpecFromAFilePartAndRefusesAMultipartWithoutCode() throws Exception {
    byte[] zip = bytes(100);
    Buffer specAsFile = Buffer.buffer()
      .appendString("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"code\"; filename=\"c.zip\"\r\n\r\n")
      .appendBytes(zip)
      .appendString("\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"spec\"; filename=\"spec.json\"\r\n"
        + "Content-Type: application/json\r\n\r\n{\"name\":\"late-spec\",\"runtime\":\"node\"}\r\n--" + BOUNDARY + "--\r\n");
    GatewayHarness.Response accepted = gateway.call(multipart(), req -> req.send(specAsFile));
    assertEquals(202, accepted.status(), accepted.text());
    assertEquals("late-spec", controller.only().body().getJsonObject("spec").getString("name"));
    assertEquals(sha256(zip), controller.only().body().getString("sha256"));

    Buffer noCode = Buffer.buffer("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"spec\"\r\n\r\n"
      + "{\"name\":\"x\",\"runtime\":\"node\"}\r\n--" + BOUNDARY + "--\r\n");
    GatewayHarness.Response missing = gateway.call(multipart(), req -> req.send(noCode));
    assertEquals(400, missing.status());
    assertEquals("missing_code", missing.json().getString("code"));

    GatewayHarness.Response badName = gateway.call(multipart(), req -> req.send(multipartBody(zip).toString()
      .replace("\"big\"", "\"Big!\"")));
    assertEquals(400, badName.status());
    assertEquals("bad_name", badName.json().getString("code"));
    assertEquals(1, controller.requests.size());
    assertEquals(java.util.List.of(Path.of(controller.only().body().getString("upload"))), gateway.uploads());
  }

  @Test
  void refusesAnotherContentTypeWith415() {
    RequestOptions options = gateway.options(HttpMethod.POST, "/api/functions?name=hello&runtime=node", ADMIN)
      .putHeader("Content-Type", "text/plain");
    GatewayHarness.Response response = gateway.call(options, req -> req.send("hello"));
    assertEquals(415, response.status());
    assertEquals("unsupported_media_type", response.json().getString("code"));
  }

  private static final String BOUNDARY = "plat-boundary-2";

  private RequestOptions multipart() {
    return gateway.options(HttpMethod.POST, "/api/functions", ADMIN)
      .putHeader("Content-Type", "multipart/form-data; boundary=" + BOUNDARY);
  }

  private static Buffer multipartBody(byte[] zip) {
    return Buffer.buffer()
      .appendString("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"spec\"\r\n\r\n"
        + "{\"name\":\"big\",\"runtime\":\"node\"}\r\n")
      .appendString("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"code\"; filename=\"code.zip\"\r\n"
        + "Content-Type: application/zip\r\n\r\n")
      .appendBytes(zip)
      .appendString("\r\n--" + BOUNDARY + "--\r\n");
  }

  private RequestOptions zipRequest(String name) {
    return gateway.options(HttpMethod.POST, "/api/functions?name=" + name + "&runtime=python-flask", ADMIN)
      .putHeader("Content-Type", "application/zip");
  }

  private static Future<HttpClientResponse> sendChunked(HttpClientRequest request, byte[] data, int chunk) {
    request.setChunked(true);
    Future<HttpClientResponse> response = request.response();
    for (int at = 0; at < data.length; at += chunk) {
      request.write(Buffer.buffer(java.util.Arrays.copyOfRange(data, at, Math.min(data.length, at + chunk))));
    }
    request.end();
    return response;
  }

  private static byte[] bytes(int n) {
    byte[] data = new byte[n];
    new Random(n).nextBytes(data);
    return data;
  }

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
