package dev.plat.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Encodes a request body of unknown length as HTTP/1.1 chunks; {@link #finish} writes the last one. */
final class ChunkedOutputStream extends FilterOutputStream {
  ChunkedOutputStream(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return;
    }
    out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.write(b, off, len);
    out.write('\r');
    out.write('\n');
  }

  /** The terminating zero-size chunk; the underlying stream stays open. */
  void finish() throws IOException {
    out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  @Override
  public void close() {
    // the connection is closed with the response, not by the body
  }
}
