package dev.plat.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** Which {@code /proc/<pid>/cgroup} texts put a process in a container, and the checks that fail closed. */
class InstancePeerTest {
  private static final String ID = "4f1c9a0e2b7d8c6a5e3f1b0d9c8a7e6f5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a";
  private static final String OTHER = "0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c";

  @Test
  void findsTheContainerUnderCgroupV1WithTheCgroupfsDriver() {
    String text = "12:pids:/docker/" + ID + "\n11:memory:/docker/" + ID + "\n0::/\n";
    assertTrue(InstancePeer.inContainer(text, ID));
  }

  @Test
  void findsTheContainerUnderTheSystemdDriver() {
    assertTrue(InstancePeer.inContainer("0::/system.slice/docker-" + ID + ".scope\n", ID));
    assertTrue(InstancePeer.inContainer("1:name=systemd:/system.slice/docker-" + ID + ".scope", ID));
  }

  @Test
  void findsTheContainerOfANestedDockerd() {
    assertTrue(InstancePeer.inContainer("0::/docker/" + OTHER + "/docker/" + ID + "\n", ID));
  }

  @Test
  void refusesAProcessOfTheHostOrOfAnotherContainer() {
    assertFalse(InstancePeer.inContainer("0::/\n", ID));
    assertFalse(InstancePeer.inContainer("0::/system.slice/docker.service\n", ID));
    assertFalse(InstancePeer.inContainer("12:pids:/docker/" + OTHER + "\n0::/docker/" + OTHER + "\n", ID));
    assertFalse(InstancePeer.inContainer("", ID));
  }

  @Test
  void refusesAnIdThatIsOnlyPartOfALongerWord() {
    assertFalse(InstancePeer.inContainer("0::/docker/" + ID + "ab\n", ID), "a longer id that starts with it");
    assertFalse(InstancePeer.inContainer("0::/docker/ab" + ID + "\n", ID), "a longer id that ends with it");
    assertFalse(InstancePeer.inContainer("0::/docker/" + ID.substring(0, 12) + "\n", ID), "a short id");
  }

  @Test
  void refusesALineWithoutItsThreeFields() {
    assertFalse(InstancePeer.inContainer(ID + "\n", ID));
    assertFalse(InstancePeer.inContainer("0:" + ID + "\n", ID));
  }

  @Test
  void failsClosedWithoutPeerCredentialsOrAContainer() {
    EmbeddedChannel notASocket = new EmbeddedChannel();
    try {
      assertFalse(InstancePeer.belongsTo(notASocket, ID), "a channel with no peer credentials");
      assertFalse(InstancePeer.belongsTo(notASocket, null));
      assertFalse(InstancePeer.belongsTo(notASocket, " "));
    } finally {
      notASocket.finishAndReleaseAll();
    }
  }
}
