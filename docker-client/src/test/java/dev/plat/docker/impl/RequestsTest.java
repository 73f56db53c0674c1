package dev.plat.docker.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.docker.BuildOptions;
import dev.plat.docker.DockerClientOptions;
import dev.plat.docker.DockerFilters;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RequestsTest {

  @Test
  void pathSegmentsKeepImageReferencesReadableAndEncodeTheRest() {
    assertEquals("127.0.0.1:5000/plat/fn:v1", DockerRequest.encode("127.0.0.1:5000/plat/fn:v1"));
    assertEquals("a%20b%3Fc%23d%25", DockerRequest.encode("a b?c#d%"));
    assertThrows(IllegalArgumentException.class, () -> DockerRequest.encode(""));
  }

  @Test
  void queryParametersAreEncodedAndNullsLeftOut() {
    DockerRequest request = DockerRequest.get("/containers/json").flag("all", true).flag("size", false)
      .param("filters", DockerFilters.create().label("plat.function", "a b").toJson().encode()).param("x", null);
    String uri = request.uri("1.41");
    assertTrue(uri.startsWith("/v1.41/containers/json?all=true&filters="), uri);
    String filters = URLDecoder.decode(uri.substring(uri.indexOf("filters=") + 8), StandardCharsets.UTF_8);
    assertEquals(new JsonObject().put("label", new io.vertx.core.json.JsonArray().add("plat.function=a b")), new JsonObject(filters));
    assertEquals("/_ping", DockerRequest.get("/_ping").unversioned().uri(null));
  }

  @Test
  void buildRequestCarriesTagsArgsLabelsAndNetworkMode() {
    BuildOptions options = BuildOptions.builder().tag("fn:1").tag("fn:latest").buildArg("BASE_IMAGE", "plat/python-base:bookworm")
      .label("plat.function", "fn").build();
    String uri = URLDecoder.decode(BuildCall.request(options, null).uri("1.41"), StandardCharsets.UTF_8);
    assertTrue(uri.startsWith("/v1.41/build?dockerfile=Dockerfile&networkmode=none&rm=true&forcerm=true&t=fn:1&t=fn:latest"), uri);
    assertTrue(uri.contains("buildargs={\"BASE_IMAGE\":\"plat/python-base:bookworm\"}"), uri);
    assertTrue(uri.contains("labels={\"plat.function\":\"fn\"}"), uri);
    assertTrue(!uri.contains("nocache") && !uri.contains("pull"), uri);
  }

  @Test
  void buildOptionsRejectATagWithSpaces() {
    assertThrows(IllegalArgumentException.class, () -> BuildOptions.builder().tag("a b").build());
  }

  @Test
  void registryAuthIsBase64UrlJsonAndEmptyObjectWithoutCredentials() {
    assertEquals("e30=", PushCall.registryAuth(null));
    String encoded = PushCall.registryAuth(new JsonObject().put("username", "u").put("password", "p?>"));
    assertEquals("{\"username\":\"u\",\"password\":\"p?>\"}", new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8));
  }

  @Test
  void negotiationTakesTheDaemonsVersionCappedAtTheHighestKnown() {
    assertEquals("1.41", Transport.negotiate("1.41"));
    assertEquals("1.24", Transport.negotiate("1.24"));
    assertEquals(DockerClientOptions.MAX_API_VERSION, Transport.negotiate("1.47"));
    assertEquals(DockerClientOptions.MAX_API_VERSION, Transport.negotiate("2.0"));
    assertEquals(DockerClientOptions.MAX_API_VERSION, Transport.negotiate(null));
    assertTrue(Transport.compare("1.9", "1.10") < 0);
  }

  @Test
  void eventsSinceHasNanosecondPrecision() {
    assertEquals("1700000000.000000042", EventStreamSubscription.since(1_700_000_000_000_000_042L));
    assertEquals("1700000000.123456789", EventStreamSubscription.since(1_700_000_000_123_456_789L));
  }
}
