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
    door = new FrontDoor(directory, (req, fn, path) -> { }, tokens, "platform.test", req -> { });
  }

  @Test
  void aFunctionPathWithAValidTokenIsAnInvocationWithoutTheToken() {
    Verdict v = door.check("127.0.0.1", "/function/cart/items/1", "Bearer invoker-secret");
    assertEquals("cart", v.function());
    assertEquals("/items/1", v.path());
    assertTrue(v.stripAuthorization());
    assertNull(v.refused());
    assertEquals("/", door.check(null, "/function/cart", "bearer admin-secret").path());
  }

  @Test
  void aPrivateFunctionWithoutAValidTokenIsRefusedWith401() {
    assertEquals(401, door.check(null, "/function/cart/", null).refused().status());
    assertEquals(401, door.check(null, "/function/cart/", "Bearer wrong").refused().status());
    assertEquals(401, door.check(null, "/function/cart/", "Basic abc").refused().status());
  }

  @Test
  void aPublicFunctionNeedsNoTokenAndKeepsTheCallersHeader() {
    Verdict v = door.check(null, "/function/hello/hi", "Bearer callers-own");
    assertEquals("hello", v.function());
    assertFalse(v.stripAuthorization());
  }

  @Test
  void theHostSelectsAFunctionAndAnUnknownPlatformHostIs404() {
    Verdict byHost = door.check("cart.example.com", "/a/b", "Bearer invoker-secret");
    assertEquals("cart", byHost.function());
    assertEquals("/a/b", byHost.path());
    Verdict unknown = door.check("shop-nothing.platform.test", "/", null);
    assertEquals(404, unknown.refused().status());
    assertEquals("unknown_host", unknown.refused().code());
  }

  @Test
  void otherRequestsAreNotInvocations() {
    assertNull(door.check("127.0.0.1", "/api/functions", "Bearer admin-secret"));
    assertNull(door.check(null, "/", null));
    assertNull(door.check("localhost", "/health", null));
  }
}
