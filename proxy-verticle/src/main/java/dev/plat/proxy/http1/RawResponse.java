package dev.plat.proxy.http1;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/**
 * A response head from an instance (or another node's proxy) as read off the upstream connection
 * ({@link RawHead}): the status line and what framing the body has, found in one pass. The
 * client's response head is copied from these bytes.
 */
public final class RawResponse extends RawHead {
  /** The longest response head read; a longer one fails the exchange (502). */
  public static final int MAX_RESPONSE_HEAD = 64 * 1024;

  public final HttpResponseStatus status;
  /** Content-Length, or -1 when there is none. */
  public long contentLength = -1;
  /** The body comes in chunks. */
  public boolean chunked;
  /** A Transfer-Encoding other than chunked: the body ends with the connection. */
  boolean otherCoding;

  private RawResponse(byte[] head, HttpResponseStatus status, boolean http10, int[] lines, int headers) {
    super(head, lines, headers, http10);
    this.status = status;
  }

  /** The response head {@code b}; null when it is not an HTTP/1.x response head. */
  public static RawResponse parse(byte[] b) {
    int n = b.length;
    // "HTTP/1.x SP 3DIGIT [SP reason] CRLF"
    if (n < 14 || b[0] != 'H' || b[1] != 'T' || b[2] != 'T' || b[3] != 'P' || b[4] != '/' || b[5] != '1'
        || b[6] != '.' || (b[7] != '0' && b[7] != '1') || b[8] != ' ') {
      return null;
    }
    int code = 0;
    for (int i = 9; i < 12; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return null;
      }
      code = code * 10 + d;
    }
    int eol = 12;
    while (eol < n && b[eol] != '\r' && b[eol] != '\n') {
      eol++;
    }
    if (code < 100 || eol + 1 >= n || b[eol] != '\r' || b[eol + 1] != '\n' || (eol > 12 && b[12] != ' ')) {
      return null;
    }
    String reason = eol > 13 ? new String(b, 13, eol - 13, StandardCharsets.ISO_8859_1) : "";
    HttpResponseStatus standard = HttpResponseStatus.valueOf(code);
    HttpResponseStatus status = standard.reasonPhrase().equals(reason) ? standard : new HttpResponseStatus(code, reason);
    int[] lines = lines(b, eol + 2);
    if (lines == null) {
      return null;
    }
    RawResponse r = new RawResponse(b, status, b[7] == '0', lines, count(lines));
    return r.readHeaders() ? r : null;
  }

  private boolean readHeaders() {
    for (int h = 0; h < headers; h++) {
      switch (nameLength(h)) {
        case 10 -> {
          if (nameIs(h, "connection")) {
            addConnection(h);
          }
        }
        case 14 -> {
          if (nameIs(h, "content-length")) {
            long length = number(h);
            if (length < 0 || (contentLength >= 0 && contentLength != length)) {
              return false;
            }
            contentLength = length;
          }
        }
        case 17 -> {
          if (nameIs(h, "transfer-encoding")) {
            String codings = value(h).trim();
            int comma = codings.lastIndexOf(',');
            chunked = (comma < 0 ? codings : codings.substring(comma + 1)).trim().equalsIgnoreCase("chunked");
            otherCoding = !chunked;
          }
        }
        default -> {
        }
      }
    }
    readKeepAlive();
    return true;
  }

  /** Whether no body follows, whatever the headers say: 1xx, 204, 304, or the answer to a HEAD. */
  public boolean bodyless(boolean headRequest) {
    int code = status.code();
    return code < 200 || code == 204 || code == 304 || (headRequest && code >= 200);
  }

  /** Whether a Content-Length came. */
  public boolean lengthKnown() {
    return contentLength >= 0 && !chunked && !otherCoding;
  }
}
