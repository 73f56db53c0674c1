package dev.plat.node.dashboard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/** Whether dockerd has an image, asked over its unix socket ({@code GET /images/{name}/json}). */
public final class LocalImages {
  private LocalImages() {
  }

  public static boolean exists(String reference) throws IOException {
    try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of("/var/run/docker.sock"))) {
      String path = "/images/" + URLEncoder.encode(reference, StandardCharsets.UTF_8) + "/json";
      ch.write(ByteBuffer.wrap(("GET " + path + " HTTP/1.0\r\nHost: docker\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      ByteBuffer buf = ByteBuffer.allocate(8192);
      while (ch.read(buf) > 0) {
        answer.write(buf.array(), 0, buf.position());
        buf.clear();
      }
      String status = answer.toString(StandardCharsets.US_ASCII).lines().findFirst().orElse("");
      if (status.contains(" 200 ")) {
        return true;
      }
      if (status.contains(" 404 ")) {
        return false;
      }
      throw new IOException("dockerd answered " + status);
    }
  }
}
