package dev.plat.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DockerHostTest {

  @Test
  void parsesAUnixSocket() {
    DockerHost host = DockerHost.parse("unix:///var/run/docker.sock");
    assertTrue(host.isUnixSocket());
    assertEquals("/var/run/docker.sock", host.socketPath());
    assertEquals("/var/run/docker.sock", host.socketAddress().path());
    assertNull(host.host());
  }

  @Test
  void parsesATcpAddressWithHostAndPort() {
    DockerHost host = DockerHost.parse("tcp://127.0.0.1:2375");
    assertFalse(host.isUnixSocket());
    assertEquals("127.0.0.1", host.host());
    assertEquals(2375, host.port());
    assertEquals(2375, host.socketAddress().port());
  }

  @Test
  void parsesABracketedIpv6TcpAddressAndATrailingSlash() {
    DockerHost host = DockerHost.parse("tcp://[::1]:2376/");
    assertEquals("::1", host.host());
    assertEquals(2376, host.port());
  }

  @Test
  void rejectsUnsupportedAndIncompleteAddresses() {
    for (String bad : new String[] {"", "unix://", "unix://docker.sock", "tcp://host", "tcp://host:x", "tcp://host:70000", "ssh://me@host"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DockerHost.parse(bad), bad);
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
    }
  }
}
