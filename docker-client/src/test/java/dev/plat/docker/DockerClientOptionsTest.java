package dev.plat.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DockerClientOptionsTest {

  @Test
  void defaultsPointAtTheLocalSocketAndNegotiateTheApiVersion() {
    DockerClientOptions options = new DockerClientOptions();
    assertEquals("unix:///var/run/docker.sock", options.getDockerHost());
    assertNull(options.getApiVersion());
    assertEquals(DockerClientOptions.DEFAULT_CONNECT_TIMEOUT, options.getConnectTimeout());
    assertEquals(DockerClientOptions.DEFAULT_REQUEST_TIMEOUT, options.getRequestTimeout());
    assertEquals(DockerClientOptions.DEFAULT_MAX_POOL_SIZE, options.getMaxPoolSize());
  }

  @Test
  void jsonAndCopyConstructorsKeepEveryValue() {
    DockerClientOptions options = new DockerClientOptions()
      .setDockerHost("tcp://127.0.0.1:2375").setApiVersion("1.41").setConnectTimeout(1234).setRequestTimeout(0)
      .setMaxPoolSize(3).setEventsReconnectDelays(10, 20).setBuildLogTailLines(5);
    JsonObject json = options.toJson();
    assertEquals(json, new DockerClientOptions(json).toJson());
    assertEquals(json, new DockerClientOptions(options).toJson());
    assertEquals(1234, new DockerClientOptions(json).getConnectTimeout());
    assertEquals(10, new DockerClientOptions(json).getEventsReconnectInitialDelay());
  }

  @Test
  void jsonConstructorKeepsDefaultsForAbsentKeys() {
    DockerClientOptions options = new DockerClientOptions(new JsonObject().put("maxPoolSize", 7));
    assertEquals(7, options.getMaxPoolSize());
    assertEquals(DockerClientOptions.DEFAULT_DOCKER_HOST, options.getDockerHost());
  }

  @Test
  void settersRejectBadValuesAtOnce() {
    DockerClientOptions options = new DockerClientOptions();
    assertThrows(IllegalArgumentException.class, () -> options.setConnectTimeout(0));
    assertThrows(IllegalArgumentException.class, () -> options.setRequestTimeout(-1));
    assertThrows(IllegalArgumentException.class, () -> options.setMaxPoolSize(0));
    assertThrows(IllegalArgumentException.class, () -> options.setApiVersion("v1.41"));
    assertThrows(IllegalArgumentException.class, () -> options.setEventsReconnectDelays(100, 10));
    assertThrows(IllegalArgumentException.class, () -> options.setEventsReconnectMaxDelay(1));
    assertThrows(IllegalArgumentException.class, () -> options.setBuildLogTailLines(0));
    assertThrows(IllegalArgumentException.class, () -> options.setDockerHost("npipe:////./pipe/docker_engine"));
    assertThrows(IllegalArgumentException.class, () -> new DockerClientOptions(new JsonObject().put("connectTimeout", -5)));
    assertEquals(DockerClientOptions.DEFAULT_CONNECT_TIMEOUT, options.getConnectTimeout());
  }

  @Test
  void fromEnvironmentReadsDockerHostAndApiVersion() {
    DockerClientOptions options = DockerClientOptions.fromEnvironment(
      Map.of("DOCKER_HOST", "unix:///run/user/1000/docker.sock", "DOCKER_API_VERSION", "1.40"));
    assertEquals("unix:///run/user/1000/docker.sock", options.getDockerHost());
    assertEquals("/run/user/1000/docker.sock", options.dockerHostAddress().socketPath());
    assertEquals("1.40", options.getApiVersion());
  }

  @Test
  void fromEnvironmentUsesDefaultsWhenVariablesAreMissingOrBlank() {
    assertEquals(DockerClientOptions.DEFAULT_DOCKER_HOST, DockerClientOptions.fromEnvironment(Map.of()).getDockerHost());
    assertEquals(DockerClientOptions.DEFAULT_DOCKER_HOST,
      DockerClientOptions.fromEnvironment(Map.of("DOCKER_HOST", "  ")).getDockerHost());
  }

  @ParameterizedTest
  @ValueSource(strings = {"unix://relative.sock", "tcp://127.0.0.1", "tcp://127.0.0.1:0", "tcp://:2375", "http://x:1", "/var/run/docker.sock"})
  void fromEnvironmentNamesTheVariableOfABadValue(String value) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
      () -> DockerClientOptions.fromEnvironment(Map.of("DOCKER_HOST", value)));
    assertTrue(e.getMessage().startsWith("DOCKER_HOST: "), e.getMessage());
    assertTrue(e.getMessage().contains(value), e.getMessage());
  }
}
