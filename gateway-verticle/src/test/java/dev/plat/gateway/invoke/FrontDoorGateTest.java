package dev.plat.gateway.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.FunctionDirectory;
import dev.plat.cluster.InvocationGate.Verdict;
import dev.plat.gateway.auth.TokenStore;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The front door's rules as the data plane's fast path asks them: from host, path and Authorization alone. */
class FrontDoorGateTest {
  private FrontDoor door;

  @BeforeEach
  void setUp() {
    FunctionDirectory directory = FunctionDirectory.inMemory();
    directory.put(new FunctionDirectory.Entry("cart", false, List.of("shop-cart.platform.test", "cart.example.com")));
    directory.put(new FunctionDirectory.Entry("hello", true, List.of()));
    TokenStore tokens = new TokenStore("admin-secret", List.of("invoker-secret:invoker"));
    door = new FrontDoor(directory, (req, fn, path, query) -> { }, tokens, "platform.test",
      List.of("localhost", "127.0.0.1", "::1", "api.example.com"), req -> { });
  }

  @Test
  void aFunctionPathIsAnInvocationOfThatFunctionWithTheRestOfThePath() {
    Verdict v = door.check("127.0.0.1", "/function/cart/items/1");
    assertEquals("cart", v.function());
    assertEquals("/items/1", v.path());
    assertFalse(v.isPublic());
    assertNull(v.refused());
    assertEquals("/", door.check(null, "/function/cart").path());
    assertTrue(door.check(null, "/function/hello/hi").isPublic());
  }

  @Test
  void onlyAValidBearerTokenMayInvoke() {
    assertNull(door.authorize("Bearer invoker-secret"));
    assertNull(door.authorize("bearer admin-secret"));
    assertEquals(401, door.authorize(null).status());
    assertEquals(401, door.authorize("Bearer wrong").status());
    assertEquals(401, door.authorize("Basic abc").status());
  }

  @Test
  void theHostSelectsAFunctionAndAnUnknownPlatformHostIs404() {
    Verdict byHost = door.check("cart.example.com", "/a/b");
    assertEquals("cart", byHost.function());
    assertEquals("/a/b", byHost.path());
    Verdict unknown = door.check("shop-nothing.platform.test", "/");
    assertEquals(404, unknown.refused().status());
    assertEquals("unknown_host", unknown.refused().code());
  }

  @Test
  void everyTokenOfTheGatewayIsItsOwnWhateverItsRole() {
    assertTrue(door.isGatewayToken("admin-secret"));
    assertTrue(door.isGatewayToken("invoker-secret"));
    assertFalse(door.isGatewayToken("someone-elses"));
  }

  @Test
  void theGatewaysOwnNamesAreNeverRoutedByHostWhateverTheDirectorySays() {
    // a function registered before domains were checked, claiming the gateway's names in every spelling
    List<String> stolen = List.of("127.0.0.1", "127.1", "0x7f.1", "2130706433", "::1", "[::1]", "::ffff:127.0.0.1",
      "localhost", "api.example.com", "platform.test", "10.1.2.3");
    FunctionDirectory directory = FunctionDirectory.inMemory();
    directory.put(new FunctionDirectory.Entry("thief", true, stolen));
    FrontDoor guarded = new FrontDoor(directory, (req, fn, path, query) -> { }, new TokenStore("admin-secret", List.of()),
      "platform.test", List.of("localhost", "127.0.0.1", "::1", "api.example.com"), req -> { });
    for (String host : List.of("127.0.0.1", "127.1", "0x7f.1", "2130706433", "::1", "[::1]", "[::ffff:127.0.0.1]",
        "LOCALHOST", "localhost.", "api.example.com", "API.example.com.", "platform.test", "10.1.2.3")) {
      for (String path : List.of("/api/functions", "/health", "/metrics", "/", "/index.html")) {
        assertNull(guarded.check(host, path), host + " " + path + " must stay the gateway's");
      }
    }
    assertEquals("thief", guarded.check("127.0.0.1", "/function/thief/x").function(), "by path it is still a function");
  }

  @Test
  void otherRequestsAreNotInvocations() {
    assertNull(door.check("127.0.0.1", "/api/functions"));
    assertNull(door.check(null, "/"));
    assertNull(door.check("localhost", "/health"));
  }
}
