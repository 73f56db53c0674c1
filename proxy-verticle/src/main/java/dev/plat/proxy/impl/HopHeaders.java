package dev.plat.proxy.impl;

import dev.plat.cluster.Names;
import io.netty.util.AsciiString;
import io.vertx.core.MultiMap;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

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
    return isHopByHop(name.length(), lower -> AsciiString.contentEqualsIgnoreCase(name, lower));
  }

  /** Whether a header name of {@code length} characters is hop-by-hop; {@code is} tells whether it is a given lower-case name. */
  static boolean isHopByHop(int length, Predicate<String> is) {
    return switch (length) {
      case 2 -> is.test("te");
      case 6 -> is.test("expect");
      case 7 -> is.test("trailer") || is.test("upgrade");
      case 10 -> is.test("connection") || is.test("keep-alive");
      case 16 -> is.test("proxy-connection");
      case 17 -> is.test("transfer-encoding");
      case 18 -> is.test("proxy-authenticate");
      case 19 -> is.test("proxy-authorization") || is.test(Names.Header.FORWARDED_BY);
      default -> false;
    };
  }
}
