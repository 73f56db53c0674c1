package dev.plat.proxy.impl;

import dev.plat.cluster.Names;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.util.Iterator;
import java.util.Map;

/** What the fast path needs from a request's headers, read in one pass instead of a lookup each. */
final class RequestHead {
  String host;
  String authorization;
  String requestId;
  boolean upgrade;
  /** Content-Length above 0 or chunked. */
  boolean body;
  boolean keepAlive;

  static RequestHead of(HttpRequest request) {
    RequestHead head = new RequestHead();
    String connection = null;
    String length = null;
    boolean chunked = false;
    Iterator<Map.Entry<CharSequence, CharSequence>> it = request.headers().iteratorCharSequence();
    while (it.hasNext()) {
      Map.Entry<CharSequence, CharSequence> header = it.next();
      CharSequence name = header.getKey();
      switch (name.length()) {
        case 4 -> {
          if (eq(name, "host")) {
            head.host = header.getValue().toString();
          }
        }
        case 7 -> head.upgrade |= eq(name, "upgrade");
        case 10 -> {
          if (eq(name, "connection")) {
            connection = header.getValue().toString();
          }
        }
        case 13 -> {
          if (eq(name, "authorization")) {
            head.authorization = header.getValue().toString();
          }
        }
        case 14 -> {
          if (eq(name, "content-length")) {
            length = header.getValue().toString();
          }
        }
        case 17 -> {
          if (eq(name, "transfer-encoding")) {
            CharSequence te = header.getValue();
            chunked = te.length() >= 7 && AsciiString.regionMatches(te, true, te.length() - 7, "chunked", 0, 7);
          } else if (eq(name, Names.Header.REQUEST_ID)) {
            head.requestId = header.getValue().toString();
          }
        }
        default -> {
        }
      }
    }
    head.body = length != null ? !"0".equals(length) : chunked;
    boolean http11 = request.protocolVersion() == HttpVersion.HTTP_1_1;
    head.keepAlive = connection == null ? http11
      : !hasToken(connection, "close") && (http11 || hasToken(connection, "keep-alive"));
    return head;
  }

  private static boolean eq(CharSequence name, String lower) {
    return AsciiString.contentEqualsIgnoreCase(name, lower);
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
}
