package dev.plat.cluster.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.UUID;

/**
 * Ports and unique cluster names for tests. There is no "free port" to hand out: a port found free,
 * closed and used later can be taken in between (by any outgoing connection of the machine, its
 * number being in the ephemeral range). Servers listen on port 0 and the test reads the port they
 * got ({@code actualPort()}; a node in its own JVM writes its ports to {@code <dataDir>/ports.json}).
 */
public final class FreePorts {
  private FreePorts() {
  }

  /** A cluster name no other test uses, so concurrent test runs never join each other. */
  public static String clusterName() {
    return "plat-test-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * A 127.0.0.1 port that refuses connections until closed: a TCP socket bound to a port, not
   * listening. While it is held no one else can listen on that port, so a connection to it is
   * refused every time, e.g. to stand for a node that is down.
   */
  public static Refusing refusing() {
    Socket socket = new Socket();
    try {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return new Refusing(socket);
    } catch (IOException e) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // nothing was bound
      }
      throw new UncheckedIOException(e);
    }
  }

  /** A port held bound and not listening; {@link #close()} frees it. */
  public static final class Refusing implements AutoCloseable {
    private final Socket socket;

    private Refusing(Socket socket) {
      this.socket = socket;
    }

    public int port() {
      return socket.getLocalPort();
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing a bound socket: nothing to report
      }
    }
  }
}
