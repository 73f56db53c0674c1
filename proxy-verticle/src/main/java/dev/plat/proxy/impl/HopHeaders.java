package dev.plat.proxy.impl;

import dev.plat.cluster.Names;
import io.vertx.core.MultiMap;
import java.util.HashSet;
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

  static void copy(MultiMap from, MultiMap to) {
    String connection = from.get("connection");
    Set<String> listed = connection == null ? null : listed(connection);
    for (Map.Entry<String, String> header : from) {
      String name = header.getKey();
      if (!isHopByHop(name) && (listed == null || !listed.contains(name.toLowerCase(Locale.ROOT)))) {
        to.add(name, header.getValue());
      }
    }
  }

  static boolean isHopByHop(String name) {
    switch (name.length()) {
      case 2:
        return name.equalsIgnoreCase("te");
      case 6:
        return name.equalsIgnoreCase("expect");
      case 7:
        return name.equalsIgnoreCase("trailer") || name.equalsIgnoreCase("upgrade");
      case 10:
        return name.equalsIgnoreCase("connection") || name.equalsIgnoreCase("keep-alive");
      case 16:
        return name.equalsIgnoreCase("proxy-connection");
      case 17:
        return name.equalsIgnoreCase("transfer-encoding");
      case 18:
        return name.equalsIgnoreCase("proxy-authenticate");
      case 19:
        return name.equalsIgnoreCase("proxy-authorization") || name.equalsIgnoreCase(Names.Header.FORWARDED_BY);
      default:
        return false;
    }
  }

  /** The header names a Connection header lists besides its usual options; null when none. */
  private static Set<String> listed(String connection) {
    if (connection.equalsIgnoreCase("keep-alive") || connection.equalsIgnoreCase("close")) {
      return null;
    }
    Set<String> names = null;
    for (String token : connection.split(",")) {
      String name = token.trim().toLowerCase(Locale.ROOT);
      if (!name.isEmpty() && !name.equals("keep-alive") && !name.equals("close") && !name.equals("upgrade")) {
        if (names == null) {
          names = new HashSet<>();
        }
        names.add(name);
      }
    }
    return names;
  }
}
