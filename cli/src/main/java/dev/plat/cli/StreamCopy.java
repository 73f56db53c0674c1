package dev.plat.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Copies a response body to an output as it arrives, flushing after every read. */
final class StreamCopy {
  private StreamCopy() {
  }

  static long copy(InputStream in, OutputStream out) throws IOException {
    byte[] buf = new byte[8192];
    long total = 0;
    for (int n; (n = in.read(buf)) >= 0; ) {
      out.write(buf, 0, n);
      out.flush();
      total += n;
    }
    return total;
  }
}
