package dev.plat.proxy.http1;

import dev.plat.cluster.Names;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.vertx.core.MultiMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes the head of the upstream request straight into a buffer in one pass over the incoming
 * headers: end-to-end headers copied, hop-by-hop and internal ones dropped ({@link HopHeaders}),
 * {@code X-Forwarded-*} ({@link ForwardedHeaders}'s rule), the request id and the internal
 * forwarding marks added. No header map is built. Returns what the pass learnt about the body as
 * {@link #BODY}, {@link #CHUNKED} and {@link #EXPECT_CONTINUE} bits.
 */
public final class RequestEncoder {
  public static final int BODY = 1;
  public static final int CHUNKED = 2;
  public static final int EXPECT_CONTINUE = 4;

  private static final AsciiString CONNECTION = AsciiString.cached("connection");
  private static final byte[] HTTP_1_1 = bytes(" HTTP/1.1\r\n");
  private static final byte[] COLON = bytes(": ");
  private static final byte[] CRLF = bytes("\r\n");
  private static final byte[] CHUNKED_TE = bytes("Transfer-Encoding: chunked\r\n");
  private static final byte[] LOCALHOST = bytes("Host: localhost\r\n");

  private RequestEncoder() {
  }

  /**
   * Appends the request head to {@code out}.
   *
   * @param forward     add {@code X-Forwarded-For/Host/Proto} (false for a request another node forwarded)
   * @param client      the caller's address for {@code X-Forwarded-For}
   * @param forwardedBy this node's marks when the request goes to another node's proxy, else null
   * @param unknownLength the request has a body of unknown length (HTTP/2 without Content-Length): send it chunked
   */
  public static int encode(ByteBuf out, String method, String uri, MultiMap in, boolean forward, String client,
      String scheme, String requestId, Forwarding forwardedBy, boolean unknownLength, String authority) {
    // Vert.x's HTTP/1.x headers are Netty headers: their names are read as they are, no String made
    Iterator<? extends Map.Entry<? extends CharSequence, ? extends CharSequence>> it =
      in instanceof HttpHeaders netty ? netty.iteratorCharSequence() : in.iterator();
    return encode(out, method, uri, it, in.get(CONNECTION), forward, client, scheme, requestId, forwardedBy,
      unknownLength, authority);
  }

  /**
   * {@link #encode(ByteBuf, String, String, MultiMap, boolean, String, String, String, Forwarding, boolean, String)}
   * of the headers {@code it} yields, {@code connection} being their Connection header (or null).
   */
  public static int encode(ByteBuf out, String method, String uri,
      Iterator<? extends Map.Entry<? extends CharSequence, ? extends CharSequence>> it, String connection,
      boolean forward, String client, String scheme, String requestId, Forwarding forwardedBy, boolean unknownLength,
      String authority) {
    ByteBufUtil.writeAscii(out, method);
    out.writeByte(' ');
    ByteBufUtil.writeAscii(out, uri);
    out.writeBytes(HTTP_1_1);
    Set<String> listed = listed(connection);
    CharSequence contentLength = null;
    String forwardedFor = null;
    CharSequence host = null;
    boolean forwardedHost = false;
    boolean forwardedProto = false;
    int flags = 0;
    while (it.hasNext()) {
      Map.Entry<? extends CharSequence, ? extends CharSequence> header = it.next();
      CharSequence name = header.getKey();
      CharSequence value = header.getValue();
      switch (Kind.of(name)) {
        case HOP:
          continue;
        case CONTENT_LENGTH:
          contentLength = value;
          continue;
        case TRANSFER_ENCODING:
          if (value.length() >= 7 && AsciiString.regionMatches(value, true, value.length() - 7, "chunked", 0, 7)) {
            flags |= CHUNKED;
          }
          continue;
        case EXPECT:
          if (AsciiString.contentEqualsIgnoreCase(value, "100-continue")) {
            flags |= EXPECT_CONTINUE;
          }
          continue;
        case REQUEST_ID:
          continue;
        case FORWARDED_FOR:
          if (forward) {
            forwardedFor = ForwardedHeaders.chain(forwardedFor, value);
            continue;
          }
          break;
        case FORWARDED_HOST:
          forwardedHost = true;
          break;
        case FORWARDED_PROTO:
          forwardedProto = true;
          break;
        case HOST:
          host = value;
          break;
        default:
          if (listed != null && listed.contains(name.toString().toLowerCase(Locale.ROOT))) {
            continue;
          }
      }
      header(out, name, value);
    }
    if (host == null && authority != null) {
      // HTTP/2 carries the host in :authority, not in a Host header
      host = authority;
      header(out, "Host", host);
    }
    if (forward) {
      headerIfAny(out, Names.Header.FORWARDED_FOR, ForwardedHeaders.forwardedFor(forwardedFor, client));
      headerIfAny(out, Names.Header.FORWARDED_HOST, ForwardedHeaders.forwardedHost(forwardedHost, host));
      headerIfAny(out, Names.Header.FORWARDED_PROTO, ForwardedHeaders.forwardedProto(forwardedProto, scheme));
    }
    if (host == null) {
      out.writeBytes(LOCALHOST);
    }
    header(out, Names.Header.REQUEST_ID, requestId);
    if (forwardedBy != null) {
      out.writeBytes(forwardedBy.headerLines);
    }
    if (unknownLength && contentLength == null) {
      flags |= CHUNKED;
    }
    if ((flags & CHUNKED) != 0) {
      out.writeBytes(CHUNKED_TE);
      flags |= BODY;
    } else if (contentLength != null) {
      header(out, "Content-Length", contentLength);
      if (!AsciiString.contentEquals(contentLength, "0")) {
        flags |= BODY;
      }
    }
    out.writeBytes(CRLF);
    return flags;
  }

  private static void header(ByteBuf out, CharSequence name, CharSequence value) {
    ByteBufUtil.writeAscii(out, name);
    out.writeBytes(COLON);
    ByteBufUtil.writeAscii(out, value);
    out.writeBytes(CRLF);
  }

  private static void headerIfAny(ByteBuf out, CharSequence name, CharSequence value) {
    if (value != null) {
      header(out, name, value);
    }
  }

  /** The header names a Connection header lists besides its usual options; null when none. */
  static Set<String> listed(String connection) {
    if (connection == null || connection.equalsIgnoreCase("keep-alive") || connection.equalsIgnoreCase("close")) {
      return null;
    }
    Set<String> names = null;
    for (String token : connection.split(",")) {
      String name = token.trim().toLowerCase(Locale.ROOT);
      if (!name.isEmpty() && !name.equals("keep-alive") && !name.equals("close") && !name.equals("upgrade")) {
        if (names == null) {
          names = new java.util.HashSet<>();
        }
        names.add(name);
      }
    }
    return names;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** What a request header name means to the proxy, found by length first. */
  private enum Kind {
    HOP, CONTENT_LENGTH, TRANSFER_ENCODING, EXPECT, REQUEST_ID, FORWARDED_FOR, FORWARDED_HOST, FORWARDED_PROTO, HOST, OTHER;

    static Kind of(CharSequence name) {
      int n = name.length();
      if (n == 4 && eq(name, "host")) {
        return HOST;
      }
      if (n == 14 && eq(name, "content-length")) {
        return CONTENT_LENGTH;
      }
      if (n == 17 && eq(name, "transfer-encoding")) {
        return TRANSFER_ENCODING;
      }
      if (n == 6 && eq(name, "expect")) {
        return EXPECT;
      }
      if (n == Names.Header.REQUEST_ID.length() && eq(name, Names.Header.REQUEST_ID)) {
        return REQUEST_ID;
      }
      if (n == Names.Header.FORWARDED_FOR.length() && eq(name, Names.Header.FORWARDED_FOR)) {
        return FORWARDED_FOR;
      }
      if (n == Names.Header.FORWARDED_HOST.length() && eq(name, Names.Header.FORWARDED_HOST)) {
        return FORWARDED_HOST;
      }
      if (n == Names.Header.FORWARDED_PROTO.length() && eq(name, Names.Header.FORWARDED_PROTO)) {
        return FORWARDED_PROTO;
      }
      return HopHeaders.isHopByHop(name) ? HOP : OTHER;
    }

    private static boolean eq(CharSequence a, String b) {
      return AsciiString.contentEqualsIgnoreCase(a, b);
    }
  }
}
