package dev.plat.proxy.http1;

import dev.plat.cluster.Names;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Writes an HTTP/1.1 response head as bytes for the fast path: the status line (cached per
 * status), the upstream's end-to-end headers in one pass (hop-by-hop ones and the upstream's own
 * request id dropped), then the proxy's own ({@link #tail}).
 */
public final class ResponseHead {
  public static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] COLON = {':', ' '};
  private static final byte[] CHUNKED = ascii("transfer-encoding: chunked\r\n");
  private static final byte[] CLOSE = ascii("connection: close\r\n");
  private static final byte[] KEEP_ALIVE = ascii("connection: keep-alive\r\n");
  private static final byte[] REQUEST_ID = ascii(Names.Header.REQUEST_ID + ": ");
  private static final byte[][] LINES = new byte[600][];

  private ResponseHead() {
  }

  /** Connection header to add: none, close, or keep-alive (an HTTP/1.0 client that asked for it). */
  public enum Connection { NONE, CLOSE, KEEP_ALIVE }

  /**
   * Appends the status line and the upstream's end-to-end header lines as they came: the
   * hop-by-hop ones, the names its Connection header lists, its own request id and (when
   * {@code dropLength}: the body is re-framed) Content-Length are left out. {@link #tail} ends the head.
   */
  public static void encode(ByteBuf out, RawResponse upstream, boolean dropLength) {
    out.writeBytes(statusLine(upstream.status));
    Set<String> listed = upstream.connection == null ? null : RequestEncoder.listed(upstream.connection);
    for (int h = 0; h < upstream.headers; h++) {
      if (kept(upstream, h, listed, dropLength)) {
        int from = upstream.lines[h * 4];
        out.writeBytes(upstream.head, from, upstream.lines[h * 4 + 3] - from);
        out.writeBytes(CRLF);
      }
    }
  }

  /**
   * Whether header {@code h} of a response crosses the proxy: not hop-by-hop, not listed in its
   * Connection header ({@code listed}), not its request id (the proxy sets its own), and not
   * Content-Length when {@code dropLength}.
   */
  static boolean kept(RawResponse upstream, int h, Set<String> listed, boolean dropLength) {
    return !upstream.isHopByHop(h) && !upstream.nameIs(h, Names.Header.REQUEST_ID)
      && !(dropLength && upstream.nameIs(h, "content-length"))
      && (listed == null || !listed.contains(upstream.name(h).toString().toLowerCase(Locale.ROOT)));
  }

  /** Appends one header line. */
  public static void header(ByteBuf out, CharSequence name, CharSequence value) {
    ByteBufUtil.writeAscii(out, name);
    out.writeBytes(COLON);
    ByteBufUtil.writeAscii(out, value);
    out.writeBytes(CRLF);
  }

  /** Appends the proxy's own headers and the blank line that ends the head. */
  public static void tail(ByteBuf out, String requestId, boolean chunked, Connection connection) {
    if (requestId != null) {
      out.writeBytes(REQUEST_ID);
      ByteBufUtil.writeAscii(out, requestId);
      out.writeBytes(CRLF);
    }
    if (chunked) {
      out.writeBytes(CHUNKED);
    }
    if (connection == Connection.CLOSE) {
      out.writeBytes(CLOSE);
    } else if (connection == Connection.KEEP_ALIVE) {
      out.writeBytes(KEEP_ALIVE);
    }
    out.writeBytes(CRLF);
  }

  /** "HTTP/1.1 200 OK\r\n" and friends; the standard reason phrases are cached. */
  public static byte[] statusLine(HttpResponseStatus status) {
    int code = status.code();
    boolean standard = code < LINES.length && status.reasonPhrase().equals(HttpResponseStatus.valueOf(code).reasonPhrase());
    if (standard) {
      byte[] line = LINES[code];
      if (line == null) {
        line = ascii("HTTP/1.1 " + code + " " + status.reasonPhrase() + "\r\n");
        LINES[code] = line;
      }
      return line;
    }
    return ("HTTP/1.1 " + code + " " + status.reasonPhrase() + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
