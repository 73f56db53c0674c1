package dev.plat.gateway;

import static dev.plat.gateway.GatewayHarness.ADMIN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.Names;
import dev.plat.cluster.api.Actions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /_plat/uploads/{id}}: a deploy's zip for a builder on another node, with the cluster secret only. */
@ExtendWith(VertxExtension.class)
class ServeUploadTest {
  private static final String SECRET = "s3cret-of-the-cluster-0123456789";

  private GatewayHarness gateway;
  private Path dataDir;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dataDir) {
    this.dataDir = dataDir;
    gateway = GatewayHarness.start(vertx, dataDir, null, Map.of(ConfigKey.CLUSTER_SECRET, SECRET));
  }

  private GatewayHarness.Response fetch(String id, String secret) {
    RequestOptions options = gateway.options(HttpMethod.GET, Names.NodePath.UPLOADS + id, null);
    if (secret != null) {
      options.putHeader(Names.Header.CLUSTER_AUTH, secret);
    }
    return gateway.call(options, req -> req.send());
  }

  @Test
  void refusesWithout401TheClusterSecretWhateverTheId() throws Exception {
    String id = UUID.randomUUID().toString();
    Files.createDirectories(dataDir.resolve("uploads"));
    Files.write(dataDir.resolve("uploads").resolve(id + ".zip"), new byte[] {1, 2, 3});
    for (String presented : new String[] {null, "", "wrong", SECRET + "x"}) {
      GatewayHarness.Response response = fetch(id, presented);
      assertEquals(401, response.status(), response.text());
      assertEquals("unauthorized", response.json().getString("code"));
    }
    // a user's token is not the cluster's secret
    GatewayHarness.Response withToken = gateway.call(gateway.options(HttpMethod.GET, Names.NodePath.UPLOADS + id, ADMIN),
      req -> req.send());
    assertEquals(401, withToken.status(), withToken.text());
  }

  @Test
  void servesOnlyIdsItIssuedAndNoPath() throws Exception {
    Files.createDirectories(dataDir.resolve("uploads"));
    String planted = UUID.randomUUID().toString();
    Files.write(dataDir.resolve("uploads").resolve(planted + ".zip"), new byte[] {1, 2, 3});
    Files.writeString(dataDir.resolve("secret.txt"), "not for you");
    for (String id : new String[] {planted, UUID.randomUUID().toString(), planted + ".zip", "..%2Fsecret.txt",
        "..%2F..%2Fsecret.txt", "%2E%2E%2Fsecret.txt", "x"}) {
      GatewayHarness.Response response = fetch(id, SECRET);
      assertEquals(404, response.status(), id + ": " + response.text());
      assertEquals("upload_not_found", response.json().getString("code"), id);
    }
    GatewayHarness.Response traversal = fetch("../../secret.txt", SECRET);
    assertTrue(traversal.status() == 404 || traversal.status() == 400, traversal.status() + " " + traversal.text());
    assertTrue(!traversal.text().contains("not for you"));
  }

  @Test
  void aBuilderElsewhereFetchesTheDeployedZipOnceWithTheSecret(Vertx vertx) throws Exception {
    byte[] zip = new byte[3000];
    new Random(7).nextBytes(zip);
    List<JsonObject> sources = new CopyOnWriteArrayList<>();
    List<Integer> statuses = new CopyOnWriteArrayList<>();
    List<Buffer> bodies = new CopyOnWriteArrayList<>();
    var client = vertx.createHttpClient();
    // the controller hands the deploy to a builder "on another node", which fetches the zip (twice) before accepting
    vertx.eventBus().<JsonObject>consumer(Names.Address.CONTROLLER, msg -> {
      JsonObject source = msg.body().getJsonObject("source");
      sources.add(source);
      RequestOptions get = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(source.getString("url"))
        .putHeader(Names.Header.CLUSTER_AUTH, SECRET);
      Future<Void> first = client.request(get).compose(req -> req.send()).compose(resp -> resp.body().map(body -> {
        statuses.add(resp.statusCode());
        bodies.add(body);
        return null;
      }));
      first.compose(v -> client.request(get)).compose(req -> req.send()).compose(resp -> resp.body().map(body -> {
        statuses.add(resp.statusCode());
        return null;
      })).onComplete(done -> msg.reply(new JsonObject().put("name", "hello").put("version", 1).put("buildId", "b-1")));
    });
    RequestOptions options = gateway.options(HttpMethod.POST, "/api/functions?name=hello&runtime=python-flask", ADMIN)
      .putHeader("Content-Type", "application/zip");
    GatewayHarness.Response response = gateway.call(options, req -> req.send(Buffer.buffer(zip)));

    assertEquals(202, response.status(), response.text());
    JsonObject source = sources.get(0);
    assertEquals("gw-test", source.getString("node"));
    assertTrue(source.getString("url").startsWith("http://127.0.0.1:" + gateway.port + Names.NodePath.UPLOADS),
      source.getString("url"));
    assertEquals(List.of(200, 404), statuses, "served once");
    assertArrayEquals(zip, bodies.get(0).getBytes());
    assertEquals(List.of(), gateway.uploads(), "deleted once served");
  }
}
