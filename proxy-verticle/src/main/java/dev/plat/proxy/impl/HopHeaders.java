package dev.plat.proxy.impl;

import dev.plat.cluster.Names;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.vertx.core.MultiMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Copies headers across the proxy minus the hop-by-hop ones (RFC 9110 7.6.1: Connection and the
 * names it lists, Keep-Alive, Proxy-*, TE, Trailer, Transfer-Encoding, Upgrade), {@code Expect}
 * (the proxy answers it) and the internal {@link Names.Header#FORWARDED_BY}.
 */
final class HopHeaders {
  private HopHeaders() {
  }

  /** Response headers, from the upstream Netty response to the Vert.x response. */
  static void copy(HttpHeaders from, MultiMap to) {
    Set<String> listed = RequestEncoder.listed(from.get(HttpHeaderNames.CONNECTION));
    Iterator<Map.Entry<CharSequence, CharSequence>> it = from.iteratorCharSequence();
    while (it.hasNext()) {
      Map.Entry<CharSequence, CharSequence> header = it.next();
      CharSequence name = header.getKey();
      if (!isHopByHop(name) && (listed == null || !listed.contains(name.toString().toLowerCase(Locale.ROOT)))) {
        to.add(name, header.getValue());
      }
    }
  }

  static boolean isHopByHop(CharSequence name) {
    switch (name.length()) {
      case 2:
        return eq(name, "te");
      case 6:
        return eq(name, "expect");
      case 7:
        return eq(name, "trailer") || eq(name, "upgrade");
      case 10:
        return eq(name, "connection") || eq(name, "keep-alive");
      case 16:
        return eq(name, "proxy-connection");
      case 17:
        return eq(name, "transfer-encoding");
      case 18:
        return eq(name, "proxy-authenticate");
      case 19:
        return eq(name, "proxy-authorization") || eq(name, Names.Header.FORWARDED_BY);
      default:
        return false;
    }
  }

  private static boolean eq(CharSequence a, String b) {
    return AsciiString.contentEqualsIgnoreCase(a, b);
  }
}
