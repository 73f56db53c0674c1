package dev.plat.cluster.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.UUID;

/** Free 127.0.0.1 ports and unique cluster names for tests. */
public final class FreePorts {
  private FreePorts() {
  }

  /** A port free on 127.0.0.1 right now. */
  public static int next() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A cluster name no other test uses, so concurrent test runs never join each other. */
  public static String clusterName() {
    return "plat-test-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
