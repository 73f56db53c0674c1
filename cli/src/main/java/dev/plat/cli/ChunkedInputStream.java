package dev.plat.cli;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;

/** Decodes an HTTP/1.1 chunked body as it arrives (extensions and trailers are skipped). */
final class ChunkedInputStream extends InputStream {
  private final InputStream in;
  private long remaining;
  private boolean done;

  ChunkedInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (remaining == 0 && !nextChunk()) {
      return -1;
    }
    int n = in.read(buf, off, (int) Math.min(len, remaining));
    if (n < 0) {
      throw new EOFException("the answer ended in the middle of a chunk");
    }
    remaining -= n;
    if (remaining == 0) {
      endOfChunk();
    }
    return n;
  }

  @Override
  public int available() throws IOException {
    return done ? 0 : (int) Math.min(in.available(), remaining);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** Reads the next chunk's size; false at the last (empty) chunk. */
  private boolean nextChunk() throws IOException {
    if (done) {
      return false;
    }
    String line = HttpWire.readLine(in);
    if (line == null) {
      throw new EOFException("the answer ended before its last chunk");
    }
    int semi = line.indexOf(';');
    String size = (semi < 0 ? line : line.substring(0, semi)).strip();
    try {
      remaining = Long.parseLong(size, 16);
    } catch (NumberFormatException e) {
      throw new ProtocolException("bad chunk size: " + line);
    }
    if (remaining < 0) {
      throw new ProtocolException("bad chunk size: " + line);
    }
    if (remaining == 0) {
      done = true;
      for (String trailer = HttpWire.readLine(in); trailer != null && !trailer.isEmpty(); trailer = HttpWire.readLine(in)) {
        // trailers are not used
      }
      return false;
    }
    return true;
  }

  private void endOfChunk() throws IOException {
    String crlf = HttpWire.readLine(in);
    if (crlf == null || !crlf.isEmpty()) {
      throw new ProtocolException("a chunk does not end with CRLF");
    }
  }
}
