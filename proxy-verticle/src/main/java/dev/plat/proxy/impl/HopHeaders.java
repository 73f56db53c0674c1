package dev.plat.proxy.impl;

import dev.plat.cluster.Names;
import io.netty.util.AsciiString;
import io.vertx.core.MultiMap;
import java.util.Locale;
import java.util.Set;

/**
 * Copies headers across the proxy minus the hop-by-hop ones (RFC 9110 7.6.1: Connection and the
 * names it lists, Keep-Alive, Proxy-*, TE, Trailer, Transfer-Encoding, Upgrade), {@code Expect}
 * (the proxy answers it) and the internal {@link Names.Header#FORWARDED_BY}.
 */
final class HopHeaders {
  private HopHeaders() {
  }

  /** Response headers, from the upstream response to the Vert.x response. */
  static void copy(RawResponse from, MultiMap to) {
    Set<String> listed = from.connection == null ? null : RequestEncoder.listed(from.connection);
    for (int h = 0; h < from.headers; h++) {
      AsciiString name = from.name(h);
      if (!isHopByHop(name) && (listed == null || !listed.contains(name.toString().toLowerCase(Locale.ROOT)))) {
        to.add(name.toString(), from.value(h));
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
