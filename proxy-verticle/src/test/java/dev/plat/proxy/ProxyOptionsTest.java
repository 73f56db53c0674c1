package dev.plat.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.PlatConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyOptionsTest {

  @Test
  void roundTripsThroughJsonAndCopies() {
    ProxyOptions options = new ProxyOptions().setQueueSize(7).setActivationTimeoutMs(123).setDefaultTimeoutMs(456)
      .setRetryAfterSeconds(2).setMaxConnections(9).setMaxAttempts(4).setStatsIntervalMs(50);
    assertEquals(options.toJson(), new ProxyOptions(options.toJson()).toJson());
    assertEquals(options.toJson(), new ProxyOptions(options).toJson());
    assertEquals(new ProxyOptions().toJson(), new ProxyOptions(new io.vertx.core.json.JsonObject()).toJson());
  }

  @Test
  void rejectsBadValuesAtOnce() {
    assertThrows(IllegalArgumentException.class, () -> new ProxyOptions().setQueueSize(-1));
    assertThrows(IllegalArgumentException.class, () -> new ProxyOptions().setActivationTimeoutMs(0));
    assertThrows(IllegalArgumentException.class, () -> new ProxyOptions().setMaxAttempts(0));
  }

  @Test
  void readsTheActivationTimeoutAndQueueFromTheNodeConfiguration() {
    PlatConfig config = PlatConfig.of(Map.of(ConfigKey.ACTIVATION_TIMEOUT_SECONDS, "5", ConfigKey.INVOCATION_QUEUE, "12"));
    ProxyOptions options = ProxyOptions.from(config);
    assertEquals(5_000, options.getActivationTimeoutMs());
    assertEquals(12, options.getQueueSize());
  }
}
