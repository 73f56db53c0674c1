package dev.plat.node;

import dev.plat.docker.DockerTestSupport;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/** Fails (when {@link DockerTestSupport#dockerRequired()}) or skips a test when dockerd does not answer /_ping. */
final class DockerCheck {
  private DockerCheck() {
  }

  static void requireDocker() {
    String problem = ping();
    if (problem == null) {
      return;
    }
    DockerTestSupport.unavailable("dockerd is not reachable: " + problem);
  }

  private static String ping() {
    try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of("/var/run/docker.sock"))) {
      ch.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
      ByteBuffer buf = ByteBuffer.allocate(512);
      ch.read(buf);
      String answer = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
      return answer.startsWith("HTTP/1.0 200") || answer.startsWith("HTTP/1.1 200") ? null : answer;
    } catch (IOException e) {
      return e.toString();
    }
  }
}
