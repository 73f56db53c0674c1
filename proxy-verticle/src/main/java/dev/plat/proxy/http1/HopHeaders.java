package dev.plat.proxy.http1;

import dev.plat.cluster.Names;
import io.netty.util.AsciiString;
import io.vertx.core.MultiMap;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Copies headers across the proxy minus the hop-by-hop ones (RFC 9110 7.6.1: Connection and the
 * names it lists, Keep-Alive, Proxy-*, TE, Trailer, Transfer-Encoding, Upgrade), {@code Expect}
 * (the proxy answers it) and the internal {@link Names.Header#FORWARDED_BY} and
 * {@link Names.Header#CLUSTER_AUTH} (a function never sees the cluster secret).
 */
public final class HopHeaders {
  private HopHeaders() {
  }

  /**
   * The hop-by-hop header names (lower case): meant for one connection, never passed on as they
   * are. The proxy's other paths (the WebSocket tunnel) derive their lists from this one.
   */
  public static final List<String> HOP_BY_HOP = List.of("connection", "keep-alive", "proxy-connection",
    "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade");

  /**
   * The cluster's own marks between nodes' proxies; a caller's are dropped and a function never
   * sees them (the proxy writes its own only towards another node, {@link Forwarding}).
   */
  public static final List<String> INTERNAL = List.of(Names.Header.FORWARDED_BY, Names.Header.CLUSTER_AUTH);

  private static final String[] NONE = {};
  /** What the fast path drops (lower case, by length): {@link #HOP_BY_HOP}, Expect, {@link #INTERNAL}. */
  private static final String[][] BY_LENGTH = byLength(Stream.of(HOP_BY_HOP.stream(), Stream.of("expect"),
    INTERNAL.stream()).flatMap(names -> names).map(name -> name.toLowerCase(Locale.ROOT)).toArray(String[]::new));

  /**
   * Response headers, from the upstream response to the Vert.x response: those {@link
   * ResponseHead#kept} (Content-Length too only when {@code keepLength}).
   */
  public static void copy(RawResponse from, MultiMap to, boolean keepLength) {
    Set<String> listed = from.connection == null ? null : RequestEncoder.listed(from.connection);
    for (int h = 0; h < from.headers; h++) {
      if (ResponseHead.kept(from, h, listed, !keepLength)) {
        to.add(from.name(h).toString(), from.value(h));
      }
    }
  }

  static boolean isHopByHop(CharSequence name) {
    for (String hop : ofLength(name.length())) {
      if (AsciiString.contentEqualsIgnoreCase(name, hop)) {
        return true;
      }
    }
    return false;
  }

  /** The hop-by-hop names (lower case) of {@code length} characters; mostly none. */
  static String[] ofLength(int length) {
    return length < BY_LENGTH.length ? BY_LENGTH[length] : NONE;
  }

  private static String[][] byLength(String... names) {
    int longest = 0;
    for (String name : names) {
      longest = Math.max(longest, name.length());
    }
    String[][] table = new String[longest + 1][];
    Arrays.fill(table, NONE);
    for (String name : names) {
      String[] same = Arrays.copyOf(table[name.length()], table[name.length()].length + 1);
      same[same.length - 1] = name;
      table[name.length()] = same;
    }
    return table;
  }
}
