package dev.plat.gateway.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.CallbackTargets;
import dev.plat.cluster.api.PlatError;
import io.vertx.core.Future;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallbackGuardTest {
  /** A resolver over a table: literals resolve to themselves, unknown names fail. */
  private final Map<String, List<String>> dns = new HashMap<>();
  private final List<String> lookedUp = new ArrayList<>();

  private CallbackGuard guard(String allowed) {
    return new CallbackGuard(CallbackTargets.parse(allowed), host -> {
      lookedUp.add(host);
      List<String> names = CallbackTargets.literal(host) ? List.of(host) : dns.get(host);
      if (names == null) {
        return Future.failedFuture(new UnknownHostException(host));
      }
      List<InetAddress> addresses = new ArrayList<>();
      for (String n : names) {
        try {
          addresses.add(InetAddress.getByName(n));
        } catch (UnknownHostException e) {
          return Future.failedFuture(e);
        }
      }
      return Future.succeededFuture(addresses);
    });
  }

  private static String refusal(Future<CallbackGuard.Target> checked) {
    assertTrue(checked.failed(), () -> "refused: " + checked.result());
    PlatError error = PlatError.from(checked.cause());
    assertEquals(400, error.status());
    assertEquals("bad_callback_url", error.code());
    return error.getMessage();
  }

  @Test
  void byDefaultLoopbackPrivateAndMetadataAddressesAreRefusedSayingWhy() {
    dns.put("localhost", List.of("127.0.0.1"));
    dns.put("rebind.example", List.of("93.184.216.34", "10.0.0.7"));
    CallbackGuard guard = guard("public");
    assertTrue(refusal(guard.check("http://127.0.0.1:8081/x")).contains("a loopback address"));
    assertTrue(refusal(guard.check("http://localhost:8080/api/functions")).contains("localhost is 127.0.0.1, a loopback address"));
    assertTrue(refusal(guard.check("http://169.254.169.254/latest/meta-data/")).contains("link-local"));
    assertTrue(refusal(guard.check("http://[::1]:5000/")).contains("loopback"));
    assertTrue(refusal(guard.check("http://[::ffff:127.0.0.1]/")).contains("loopback"));
    assertTrue(refusal(guard.check("http://rebind.example/")).contains("10.0.0.7, a private address"),
      "every address of the name must be allowed");
    assertTrue(refusal(guard.check("ftp://example.com/")).contains("http:// or https://"));
    assertTrue(refusal(guard.check("http:///nohost")).contains("no host"));
    assertTrue(refusal(guard.check("http://nowhere.invalid/")).contains("does not resolve"));
    assertTrue(refusal(guard.check("http://a b/")).contains("not a URL"));
  }

  @Test
  void aPublicHostIsAllowedAndTheSendGoesToTheAddressChecked() {
    dns.put("hooks.example.com", List.of("93.184.216.34"));
    CallbackGuard.Target target = guard("public").check("https://hooks.example.com/cb?x=1").result();
    assertEquals("hooks.example.com", target.host());
    assertEquals(443, target.port());
    assertTrue(target.ssl());
    assertEquals("93.184.216.34", target.address().getHostAddress());
  }

  @Test
  void theOperatorOpensLoopbackByRangeOrByName() {
    dns.put("receiver.internal", List.of("10.9.9.9"));
    assertEquals("127.0.0.1", guard("public,127.0.0.1/32").check("http://127.0.0.1:9999/hook").result().address().getHostAddress());
    lookedUp.clear();
    CallbackGuard.Target byName = guard("receiver.internal").check("http://receiver.internal/cb").result();
    assertNull(byName.address(), "a listed name connects by name, whatever it resolves to");
    assertTrue(lookedUp.isEmpty(), "a listed name is not looked up: " + lookedUp);
    assertTrue(refusal(guard("receiver.internal").check("http://93.184.216.34/")).contains("93.184.216.34, a public address"),
      "without public only what is listed");
  }
}
