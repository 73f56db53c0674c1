package dev.plat.node.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.node.FunctionDocker;
import dev.plat.node.NodeProcess;
import dev.plat.node.PlatApi;
import dev.plat.node.TestZips;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A zip of 1.2 million empty stored entries (100.8 MB, under the 100 MiB upload limit) against a
 * real node with a small heap: refused with 400 {@code too_many_entries} from its end records, and
 * the node stays whole: the next deploy builds and serves.
 */
class ZipBombIT {
  private static final int ENTRIES = 1_200_000;
  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir
  Path tmp;

  @Test
  void a_zip_of_a_million_empty_entries_gets_400_and_the_next_deploy_still_works() throws Exception {
    Path bomb = manyEmptyEntries(tmp.resolve("bomb.zip"), ENTRIES);
    assertTrue(Files.size(bomb) < 100L << 20, "under the default upload limit: " + Files.size(bomb));
    FunctionDocker docker = FunctionDocker.require();
    NodeProcess node = NodeProcess.startHealthy(tmp.resolve("data"), "e2e-zipbomb", List.of("-Xmx160m"));
    try {
      PlatApi api = new PlatApi(node.url());
      PlatApi.Response refused = api.deploy("zip-bomb", "python-flask", bomb, NodeProcess.ADMIN_TOKEN);
      assertEquals(400, refused.status(), refused::toString);
      assertEquals("too_many_entries", refused.code(), refused::toString);
      assertTrue(node.isAlive(), node::output);

      PlatApi.Response accepted = api.deploy("after-bomb", "python-flask", TestZips.pythonFunction(), NodeProcess.ADMIN_TOKEN);
      assertEquals(202, accepted.status(), () -> accepted + node.output());
      api.awaitServing("after-bomb", WAIT, node::output);
      PlatApi.Response served = api.get("/function/after-bomb", NodeProcess.ADMIN_TOKEN);
      assertEquals(200, served.status(), served::toString);
      assertTrue(!node.output().contains("OutOfMemoryError"), node::output);
    } finally {
      try {
        node.stop();
      } finally {
        docker.removeAll(List.of("after-bomb", "zip-bomb"));
        docker.close();
      }
    }
  }

  /**
   * Writes a ZIP64 archive of {@code n} empty stored entries with 4-character names, streamed (84
   * bytes an entry): local headers, central headers, the ZIP64 end record and locator, the end record.
   */
  static Path manyEmptyEntries(Path zip, int n) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(zip), 1 << 20)) {
      for (int i = 0; i < n; i++) {
        b.clear().putInt(0x04034b50).putShort((short) 10).putShort((short) 0).putShort((short) 0)
          .putInt(0).putInt(0).putInt(0).putInt(0).putShort((short) 4).putShort((short) 0);
        out.write(b.array(), 0, b.position());
        out.write(name(i));
      }
      long cdStart = 34L * n;
      for (int i = 0; i < n; i++) {
        b.clear().putInt(0x02014b50).putShort((short) 0x031e).putShort((short) 10).putShort((short) 0)
          .putShort((short) 0).putInt(0).putInt(0).putInt(0).putInt(0).putShort((short) 4).putShort((short) 0)
          .putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0100644 << 16).putInt((int) (34L * i));
        out.write(b.array(), 0, b.position());
        out.write(name(i));
      }
      long cdSize = 50L * n;
      long zip64End = cdStart + cdSize;
      b.clear().putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45).putInt(0).putInt(0)
        .putLong(n).putLong(n).putLong(cdSize).putLong(cdStart);
      out.write(b.array(), 0, b.position());
      b.clear().putInt(0x07064b50).putInt(0).putLong(zip64End).putInt(1);
      out.write(b.array(), 0, b.position());
      b.clear().putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) 0xFFFF)
        .putShort((short) 0xFFFF).putInt((int) cdSize).putInt(-1).putShort((short) 0);
      out.write(b.array(), 0, b.position());
    }
    return zip;
  }

  private static byte[] name(int i) {
    String s = Integer.toString(i, 36);
    return ("0000".substring(s.length()) + s).getBytes(StandardCharsets.US_ASCII);
  }
}
