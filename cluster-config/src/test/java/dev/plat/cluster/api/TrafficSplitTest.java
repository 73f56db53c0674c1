package dev.plat.cluster.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.FunctionDirectory;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrafficSplitTest {
  private static final List<Long> KEPT = List.of(1L, 2L, 3L);

  private static PlatError refused(Object traffic) {
    PlatError error = assertThrows(PlatError.class, () -> TrafficSplit.parse(traffic, KEPT));
    assertEquals(400, error.status());
    assertEquals("bad_traffic", error.code());
    assertTrue(error.getMessage().contains("'traffic"), "names the field: " + error.getMessage());
    return error;
  }

  @Test
  void parsesVersionsWithOrWithoutTheirVAndDropsZeroShares() {
    assertEquals(Map.of(1L, 90, 3L, 10),
      TrafficSplit.parse(new JsonObject().put("v1", 90).put("3", 10).put("2", 0), KEPT));
  }

  @Test
  void refusesSharesThatDoNotSumTo100() {
    assertTrue(refused(new JsonObject().put("1", 90).put("2", 20)).getMessage().contains("110"));
  }

  @Test
  void refusesAVersionThatIsNotKeptNamingTheKeptOnes() {
    String message = refused(new JsonObject().put("9", 100)).getMessage();
    assertTrue(message.contains("v9") && message.contains("v1, v2, v3"), message);
  }

  @Test
  void refusesBadKeysAndBadPercentages() {
    refused(new JsonObject().put("latest", 100));
    refused(new JsonObject().put("0", 100));
    refused(new JsonObject().put("1", 99.5).put("2", 0.5));
    refused(new JsonObject().put("1", "50").put("2", 50));
    refused(new JsonObject().put("1", 150).put("2", -50));
    refused(new JsonObject().put("1", 50).put("v1", 50));
    refused(new JsonObject());
    refused("1=100");
    refused(null);
  }

  @Test
  void theWeightedChoiceGivesEachVersionExactlyItsShareOfTheSlots() {
    TrafficSplit split = new TrafficSplit("shop", 4, Map.of(3L, 90, 4L, 10));
    Map<String, Integer> counts = new HashMap<>();
    for (int slot = 0; slot < 100; slot++) {
      counts.merge(split.pick(slot), 1, Integer::sum);
    }
    assertEquals(Map.of("shop@v3", 90, "shop", 10), counts, "the current version is served under the name");
  }

  @Test
  void randomPicksFollowTheWeights() {
    TrafficSplit split = new TrafficSplit("shop", 2, Map.of(1L, 70, 2L, 30));
    int v1 = 0;
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      if (split.pick().equals("shop@v1")) {
        v1++;
      }
    }
    assertEquals(0.70, v1 / (double) n, 0.01);
  }

  @Test
  void aSplitMustSumTo100() {
    assertThrows(IllegalArgumentException.class, () -> new TrafficSplit("shop", 2, Map.of(1L, 70)));
    assertTrue(new TrafficSplit("shop", 2, Map.of(2L, 100)).isAllCurrent());
  }

  @Test
  void unitKeys() {
    assertEquals("shop@v12", TrafficSplit.unitKey("shop", 12));
    assertEquals("shop", TrafficSplit.functionOf("shop@v12"));
    assertEquals("shop", TrafficSplit.functionOf("shop"));
    assertEquals(12, TrafficSplit.versionOf("shop@v12"));
    assertEquals(-1, TrafficSplit.versionOf("shop"));
    assertEquals(-1, TrafficSplit.versionOf("shop@v"));
    assertEquals(-1, TrafficSplit.versionOf("shop@v1x"));
    assertEquals(-1, TrafficSplit.versionOf("shop@v0"));
    assertTrue(TrafficSplit.isValidKey("shop@v3"));
    assertTrue(TrafficSplit.isValidKey("shop"));
    assertFalse(TrafficSplit.isValidKey("Shop@v3"));
    assertFalse(TrafficSplit.isValidKey("shop@3"));
    assertFalse(TrafficSplit.isValidKey("@v3"));
  }

  @Test
  void theDirectoryCarriesTheSplitAndItsJsonFormRoundTrips() {
    FunctionDirectory.Entry entry = new FunctionDirectory.Entry("shop", false, List.of())
      .withTraffic(4, new TrafficSplit("shop", 4, Map.of(3L, 90, 4L, 10)));
    FunctionDirectory.Entry read = new FunctionDirectory.Entry(entry.toJson());
    assertEquals(entry, read);
    FunctionDirectory directory = FunctionDirectory.inMemory();
    directory.put(read);
    assertEquals(Map.of("shop", read.split()), directory.splits());
    directory.put(read.withTraffic(4, null));
    assertTrue(directory.splits().isEmpty());
    assertEquals(4, directory.byName("shop").version());
  }
}
