package dev.plat.proxy.http1;

import dev.plat.cluster.Names;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;

/**
 * A request head as the fast path reads it off the connection ({@link RawHead}): the request line
 * and what the fast path needs from the headers, found in one pass. No header map is built: the
 * upstream head is copied from these bytes.
 *
 * <p>{@link #parse} takes only the plain case: {@code METHOD /target HTTP/1.1} (or 1.0) with CRLF
 * line ends, token header names, no folded lines, at most one {@code Content-Length} or else
 * {@code Transfer-Encoding: chunked} alone. Anything else is left to Vert.x's decoder, which knows every corner
 * of HTTP/1.x: {@link #parse} answers null and the fast path hands the connection over.
 */
public final class RawRequest extends RawHead {
  private static final HttpMethod[] METHODS = {HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE,
    HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.PATCH};

  public final HttpMethod method;
  final String uri;

  public String host;
  public String authorization;
  public String requestId;
  /** The Origin header (a browser's cross-origin call), or null. */
  public String origin;
  /** The first {@link Names.Header#CLUSTER_AUTH} header (the proxy port's proof of membership), or null. */
  public String clusterAuth;
  /** The first {@link Names.Header#FORWARDED_BY} header (the node that forwarded it), or null. */
  public String forwardedBy;
  public boolean upgrade;
  /** The body's length; 0 when none was announced or it is chunked. */
  public long contentLength;
  /** The body comes in chunks. */
  public boolean chunked;
  /** Authorization is not passed on (the gate used it). */
  public boolean stripAuthorization;

  private RawRequest(byte[] head, HttpMethod method, String uri, boolean http10, int[] lines, int headers) {
    super(head, lines, headers, http10);
    this.method = method;
    this.uri = uri;
  }

  /** The request head {@code b}; null for anything but the plain case. */
  public static RawRequest parse(byte[] b) {
    int n = b.length;
    int sp1 = indexOf(b, 0, n, (byte) ' ');
    HttpMethod method = sp1 < 0 ? null : method(b, sp1);
    if (method == null || sp1 + 1 >= n || b[sp1 + 1] != '/') {
      return null;
    }
    int i = sp1 + 1;
    while (i < n && b[i] > ' ' && b[i] < 127) {
      i++;
    }
    // " HTTP/1.x\r\n"
    if (i + 11 > n || b[i] != ' ' || b[i + 1] != 'H' || b[i + 2] != 'T' || b[i + 3] != 'T' || b[i + 4] != 'P'
        || b[i + 5] != '/' || b[i + 6] != '1' || b[i + 7] != '.' || (b[i + 8] != '1' && b[i + 8] != '0')
        || b[i + 9] != '\r' || b[i + 10] != '\n') {
      return null;
    }
    String uri = new String(b, sp1 + 1, i - sp1 - 1, StandardCharsets.ISO_8859_1);
    boolean http10 = b[i + 8] == '0';
    int[] lines = lines(b, i + 11);
    if (lines == null) {
      return null;
    }
    RawRequest r = new RawRequest(b, method, uri, http10, lines, count(lines));
    return r.readHeaders() ? r : null;
  }

  /** The pass over the header lines for what the fast path needs; false when it is not the plain case. */
  private boolean readHeaders() {
    boolean lengthSeen = false;
    for (int h = 0; h < headers; h++) {
      int s = lines[h * 4];
      switch (lines[h * 4 + 1] - s) {
        case 4 -> {
          if (nameIs(h, "host")) {
            if (host != null) {
              return false;
            }
            host = value(h);
          }
        }
        case 6 -> {
          if (nameIs(h, "origin")) {
            origin = value(h);
          }
        }
        case 7 -> upgrade |= nameIs(h, "upgrade");
        case 10 -> {
          if (nameIs(h, "connection")) {
            addConnection(h);
          }
        }
        case 13 -> {
          if (nameIs(h, "authorization")) {
            authorization = value(h);
          }
        }
        case 14 -> {
          if (nameIs(h, "content-length")) {
            long length = number(h);
            if (lengthSeen || length < 0) {
              return false;
            }
            lengthSeen = true;
            contentLength = length;
          }
        }
        case 17 -> {
          if (nameIs(h, "transfer-encoding")) {
            if (chunked || !value(h).equalsIgnoreCase("chunked")) {
              return false;  // other codings, or several: Vert.x's decoder
            }
            chunked = true;
          }
          if (nameIs(h, Names.Header.REQUEST_ID)) {
            requestId = value(h);
          }
        }
        case 19 -> {
          if (clusterAuth == null && nameIs(h, Names.Header.CLUSTER_AUTH)) {
            clusterAuth = value(h);
          } else if (forwardedBy == null && nameIs(h, Names.Header.FORWARDED_BY)) {
            forwardedBy = value(h);
          }
        }
        default -> {
        }
      }
    }
    if (chunked && lengthSeen) {
      return false;
    }
    readKeepAlive();
    return true;
  }

  /** A body follows the head. */
  public boolean body() {
    return contentLength > 0 || chunked;
  }

  /** The path of the request target (before any {@code ?}). */
  public String path() {
    int q = uri.indexOf('?');
    return q < 0 ? uri : uri.substring(0, q);
  }

  /** The query of the request target, or null. */
  public String query() {
    int q = uri.indexOf('?');
    return q < 0 ? null : uri.substring(q + 1);
  }

  @Override
  boolean skipped(int h) {
    return stripAuthorization && nameIs(h, "authorization");
  }

  private static HttpMethod method(byte[] b, int end) {
    for (HttpMethod m : METHODS) {
      AsciiString name = m.asciiName();
      if (name.length() == end) {
        boolean same = true;
        for (int k = 0; k < end && same; k++) {
          same = b[k] == name.byteAt(k);
        }
        if (same) {
          return m;
        }
      }
    }
    return null;
  }

  private static int indexOf(byte[] b, int from, int to, byte c) {
    for (int k = from; k < to; k++) {
      if (b[k] == c) {
        return k;
      }
    }
    return -1;
  }
}
