package dev.plat.proxy.impl;

import dev.plat.cluster.Names;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A request head as the fast path reads it off the connection: the head's own bytes, the request
 * line, where each header line's name and value are, and what the fast path needs from them, all
 * found in one pass. No header map is built: the upstream head is copied from these bytes.
 *
 * <p>{@link #parse} takes only the plain case: {@code METHOD /target HTTP/1.1} (or 1.0) with CRLF
 * line ends, token header names, no folded lines, at most one {@code Content-Length} or else
 * {@code Transfer-Encoding: chunked} alone. Anything else is left to Vert.x's decoder, which knows every corner
 * of HTTP/1.x: {@link #parse} says {@link #UNSUPPORTED} and the fast path hands the connection over.
 */
final class RawRequest {
  /** A head the fast path leaves to Vert.x. */
  static final RawRequest UNSUPPORTED = new RawRequest(new byte[0], null, null, false, new int[0], 0);
  /** The longest head the fast path reads; a longer one goes to Vert.x, which has its own limits. */
  static final int MAX_HEAD = 8192;
  private static final int MAX_HEADERS = 128;
  private static final HttpMethod[] METHODS = {HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE,
    HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.PATCH};
  private static final boolean[] TCHAR = new boolean[128];

  static {
    for (char c = '0'; c <= '9'; c++) {
      TCHAR[c] = true;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      TCHAR[c] = true;
      TCHAR[c - 'a' + 'A'] = true;
    }
    for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
      TCHAR[c] = true;
    }
  }

  /** The whole head, request line to the blank line included. */
  final byte[] head;
  final HttpMethod method;
  final String uri;
  final boolean http10;
  /** Per header line: name start, name end, value start, value end (offsets in {@link #head}). */
  private final int[] lines;
  private final int headers;

  String host;
  String authorization;
  String requestId;
  /** The Connection header, when there is one. */
  String connection;
  boolean upgrade;
  boolean keepAlive;
  /** The body's length; 0 when none was announced or it is chunked. */
  long contentLength;
  /** The body comes in chunks. */
  boolean chunked;
  /** Authorization is not passed on (the gate used it). */
  boolean stripAuthorization;

  private RawRequest(byte[] head, HttpMethod method, String uri, boolean http10, int[] lines, int headers) {
    this.head = head;
    this.method = method;
    this.uri = uri;
    this.http10 = http10;
    this.lines = lines;
    this.headers = headers;
  }

  /**
   * Where the head starting at {@code in}'s reader index ends (the index after its blank line), -1
   * when it has not all arrived, -2 when the fast path does not read it (longer than
   * {@link #MAX_HEAD}, or empty lines before the request line).
   */
  static int headEnd(ByteBuf in) {
    int start = in.readerIndex();
    int to = start + Math.min(in.readableBytes(), MAX_HEAD);
    int lineStart = start;
    while (true) {
      int lf = in.indexOf(lineStart, to, (byte) '\n');
      if (lf < 0) {
        return in.readableBytes() >= MAX_HEAD ? -2 : -1;
      }
      int length = lf - lineStart;
      if (length == 0 || (length == 1 && in.getByte(lineStart) == '\r')) {
        return lineStart == start ? -2 : lf + 1;
      }
      lineStart = lf + 1;
    }
  }

  /**
   * Reads the head at {@code in}'s reader index up to {@code end} (from {@link #headEnd}) and moves
   * the reader index past it; {@link #UNSUPPORTED} (reader index unmoved) for anything but the plain case.
   */
  static RawRequest parse(ByteBuf in, int end) {
    byte[] b = new byte[end - in.readerIndex()];
    in.getBytes(in.readerIndex(), b);
    RawRequest r = parse(b);
    if (r != UNSUPPORTED) {
      in.readerIndex(end);
    }
    return r;
  }

  /** {@link #parse(ByteBuf, int)} of a whole head. */
  static RawRequest parse(byte[] b) {
    int n = b.length;
    int sp1 = indexOf(b, 0, n, (byte) ' ');
    HttpMethod method = sp1 < 0 ? null : method(b, sp1);
    if (method == null || sp1 + 1 >= n || b[sp1 + 1] != '/') {
      return UNSUPPORTED;
    }
    int i = sp1 + 1;
    while (i < n && b[i] > ' ' && b[i] < 127) {
      i++;
    }
    // " HTTP/1.x\r\n"
    if (i + 11 > n || b[i] != ' ' || b[i + 1] != 'H' || b[i + 2] != 'T' || b[i + 3] != 'T' || b[i + 4] != 'P'
        || b[i + 5] != '/' || b[i + 6] != '1' || b[i + 7] != '.' || (b[i + 8] != '1' && b[i + 8] != '0')
        || b[i + 9] != '\r' || b[i + 10] != '\n') {
      return UNSUPPORTED;
    }
    String uri = new String(b, sp1 + 1, i - sp1 - 1, StandardCharsets.ISO_8859_1);
    boolean http10 = b[i + 8] == '0';
    int[] lines = new int[16];
    int count = 0;
    int p = i + 11;
    while (p < n - 2) {  // up to the blank line's CRLF
      if (count == MAX_HEADERS) {
        return UNSUPPORTED;
      }
      int nameEnd = p;
      while (nameEnd < n && b[nameEnd] >= 0 && TCHAR[b[nameEnd]]) {
        nameEnd++;
      }
      if (nameEnd == p || nameEnd >= n || b[nameEnd] != ':') {
        return UNSUPPORTED;  // folded line, space before the colon, no name
      }
      int v = nameEnd + 1;
      while (v < n && (b[v] == ' ' || b[v] == '\t')) {
        v++;
      }
      int e = v;
      while (e < n && b[e] != '\r') {
        byte c = b[e];
        if ((c >= 0 && c < ' ' && c != '\t') || c == 127) {
          return UNSUPPORTED;  // bare LF, control bytes
        }
        e++;
      }
      if (e + 1 >= n || b[e + 1] != '\n') {
        return UNSUPPORTED;
      }
      int valueEnd = e;
      while (valueEnd > v && (b[valueEnd - 1] == ' ' || b[valueEnd - 1] == '\t')) {
        valueEnd--;
      }
      if (lines.length < (count + 1) * 4) {
        lines = java.util.Arrays.copyOf(lines, lines.length * 2);
      }
      lines[count * 4] = p;
      lines[count * 4 + 1] = nameEnd;
      lines[count * 4 + 2] = v;
      lines[count * 4 + 3] = valueEnd;
      count++;
      p = e + 2;
    }
    RawRequest r = new RawRequest(b, method, uri, http10, lines, count);
    return r.readHeaders() ? r : UNSUPPORTED;
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
        case 7 -> upgrade |= nameIs(h, "upgrade");
        case 10 -> {
          if (nameIs(h, "connection")) {
            connection = connection == null ? value(h) : connection + ", " + value(h);
          }
        }
        case 13 -> {
          if (nameIs(h, "authorization")) {
            authorization = value(h);
          }
        }
        case 14 -> {
          if (nameIs(h, "content-length")) {
            long length = digits(lines[h * 4 + 2], lines[h * 4 + 3]);
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
        default -> {
        }
      }
    }
    if (chunked && lengthSeen) {
      return false;
    }
    keepAlive = connection == null ? !http10
      : !hasToken(connection, "close") && (!http10 || hasToken(connection, "keep-alive"));
    return true;
  }

  /** A body follows the head. */
  boolean body() {
    return contentLength > 0 || chunked;
  }

  /**
   * The size on the chunk-size line at {@code in}'s reader index, the reader index moved past the
   * line: -1 when the line has not all arrived (nothing read), -2 when it is not a chunk-size line.
   */
  static long chunkSize(ByteBuf in) {
    int start = in.readerIndex();
    int lf = in.indexOf(start, start + Math.min(in.readableBytes(), 4096), (byte) '\n');
    if (lf < 0) {
      return in.readableBytes() >= 4096 ? -2 : -1;
    }
    long size = 0;
    int digits = 0;
    int i = start;
    for (; i < lf; i++) {
      int d = Character.digit(in.getByte(i), 16);
      if (d < 0) {
        break;
      }
      size = size * 16 + d;
      if (++digits > 15) {
        return -2;
      }
    }
    byte stop = in.getByte(i);
    if (digits == 0 || lf == start || in.getByte(lf - 1) != '\r' || (stop != ';' && stop != ' ' && stop != '\t' && i != lf - 1)) {
      return -2;
    }
    in.readerIndex(lf + 1);
    return size;
  }

  /** The path of the request target (before any {@code ?}). */
  String path() {
    int q = uri.indexOf('?');
    return q < 0 ? uri : uri.substring(0, q);
  }

  /** The query of the request target, or null. */
  String query() {
    int q = uri.indexOf('?');
    return q < 0 ? null : uri.substring(q + 1);
  }

  /** The header lines as name/value views on the head's bytes (Authorization left out when stripped). */
  Iterator<Map.Entry<CharSequence, CharSequence>> headers() {
    return new Iterator<>() {
      private int next = skip(0);

      private int skip(int h) {
        while (stripAuthorization && h < headers && lines[h * 4 + 1] - lines[h * 4] == 13 && nameIs(h, "authorization")) {
          h++;
        }
        return h;
      }

      @Override
      public boolean hasNext() {
        return next < headers;
      }

      @Override
      public Map.Entry<CharSequence, CharSequence> next() {
        if (next >= headers) {
          throw new NoSuchElementException();
        }
        int h = next;
        next = skip(h + 1);
        return new AbstractMap.SimpleImmutableEntry<>(view(lines[h * 4], lines[h * 4 + 1]),
          view(lines[h * 4 + 2], lines[h * 4 + 3]));
      }
    };
  }

  private AsciiString view(int from, int to) {
    return new AsciiString(head, from, to - from, false);
  }

  private boolean nameIs(int h, String lower) {
    int s = lines[h * 4];
    for (int k = 0; k < lower.length(); k++) {
      int c = head[s + k];
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      if (c != Character.toLowerCase(lower.charAt(k))) {
        return false;
      }
    }
    return true;
  }

  private String value(int h) {
    return new String(head, lines[h * 4 + 2], lines[h * 4 + 3] - lines[h * 4 + 2], StandardCharsets.ISO_8859_1);
  }

  /** The decimal number in {@code head[from, to)}, -1 when it is not one (or too long). */
  private long digits(int from, int to) {
    if (to == from || to - from > 18) {
      return -1;
    }
    long v = 0;
    for (int k = from; k < to; k++) {
      int d = head[k] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  /** Whether the comma-separated {@code list} holds {@code token} (any case). */
  static boolean hasToken(String list, String token) {
    for (String part : list.split(",")) {
      if (part.trim().equalsIgnoreCase(token)) {
        return true;
      }
    }
    return false;
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
