package dev.plat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallbackTargetsTest {

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void theDefaultAllowsPublicAddressesOnly() {
    CallbackTargets targets = CallbackTargets.parse(ConfigKey.CALLBACK_ALLOWED_HOSTS.defaultText());
    for (String ok : List.of("93.184.216.34", "8.8.8.8", "2606:4700::1111", "100.128.0.1", "172.32.0.1")) {
      assertTrue(targets.allowsAddress(ip(ok)), ok);
    }
    for (String refused : List.of("127.0.0.1", "127.8.9.10", "::1", "0.0.0.0", "::", "10.1.2.3", "172.16.0.1",
        "192.168.1.1", "169.254.169.254", "fe80::1", "fd00:ec2::254", "100.64.0.1", "224.0.0.1", "255.255.255.255",
        "240.0.0.1", "192.0.2.1", "198.18.0.1", "::ffff:127.0.0.1", "::127.0.0.1", "64:ff9b::a9fe:a9fe",
        "2002:7f00:1::", "2001:db8::1", "2001:0:4136:e378::1", "fec0::1")) {
      assertFalse(targets.allowsAddress(ip(refused)), refused);
    }
    assertFalse(targets.allowsName("localhost"), "a name allows nothing unless listed");
  }

  @Test
  void listedNamesSuffixesAddressesAndRangesAreAllowed() {
    CallbackTargets targets = CallbackTargets.parse("hooks.internal, host1, *.corp.example, 127.0.0.1/32, 10.0.0.0/8, fd00::/8");
    assertTrue(targets.allowsName("hooks.internal"));
    assertTrue(targets.allowsName("host1"));
    assertTrue(targets.allowsName("a.b.corp.example"));
    assertFalse(targets.allowsName("corp.example"), "*.domain is below the domain");
    assertFalse(targets.allowsName("evilcorp.example"));
    assertTrue(targets.allowsAddress(ip("127.0.0.1")));
    assertFalse(targets.allowsAddress(ip("127.0.0.2")));
    assertTrue(targets.allowsAddress(ip("10.255.0.1")));
    assertTrue(targets.allowsAddress(ip("fd12::1")));
    assertFalse(targets.allowsAddress(ip("8.8.8.8")), "without public, only what is listed");
  }

  @Test
  void anEmptyListAllowsNothing() {
    CallbackTargets none = CallbackTargets.parse("");
    assertFalse(none.allowsAddress(ip("8.8.8.8")));
    assertFalse(none.allowsName("example.com"));
  }

  @Test
  void badEntriesAreRefusedAndTheConfigurationNamesTheKey() {
    for (String bad : List.of("10.0.0.0/33", "999.1.1.1", "1.2.3", "http://x", "a b", "10.0.0.0/x", "*.", "fe80::/129")) {
      assertThrows(IllegalArgumentException.class, () -> CallbackTargets.parse(bad), bad);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
      () -> ValueType.CALLBACK_TARGETS.parse("public,10.0.0.0/99"));
    assertEquals("public,10.0.0.0/99", e.getMessage());
    assertEquals(List.of("public", "hooks.example.com"), ValueType.CALLBACK_TARGETS.parse("public, Hooks.Example.com"));
  }

  @Test
  void kindsNameWhyAnAddressIsRefused() {
    assertEquals("a loopback address", CallbackTargets.kind(ip("127.0.0.1")));
    assertTrue(CallbackTargets.kind(ip("169.254.169.254")).startsWith("a link-local address"));
    assertEquals("a private address", CallbackTargets.kind(ip("10.0.0.1")));
    assertEquals("a private address", CallbackTargets.kind(ip("100.64.1.1")));
  }
}
