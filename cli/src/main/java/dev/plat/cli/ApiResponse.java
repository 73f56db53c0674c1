package dev.plat.cli;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * A response of the gateway: its status, headers (names in lower case) and body, read as it
 * arrives. Closing it closes the body and the connection.
 */
public record ApiResponse(int status, Map<String, String> headers, InputStream body) implements Closeable {
  /** The value of a header, or null. */
  public String header(String name) {
    return headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }

  @Override
  public void close() throws IOException {
    body.close();
  }
}
