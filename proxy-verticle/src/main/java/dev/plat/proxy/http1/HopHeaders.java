package dev.plat.proxy.http1;

import dev.plat.cluster.Names;
import io.netty.util.AsciiString;
import io.vertx.core.MultiMap;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Copies headers across the proxy minus the hop-by-hop ones (RFC 9110 7.6.1: Connection and the
 * names it lists, Keep-Alive, Proxy-*, TE, Trailer, Transfer-Encoding, Upgrade), {@code Expect}
 * (the proxy answers it) and the internal {@link Names.Header#FORWARDED_BY} and
 * {@link Names.Header#CLUSTER_AUTH} (a function never sees the cluster secret).
 */
public final class HopHeaders {
  private HopHeaders() {
  }

  private static final String[] NONE = {};
  /** The hop-by-hop names in lower case, by length. */
  private static final String[][] BY_LENGTH = byLength("te", "expect", "trailer", "upgrade", "connection",
    "keep-alive", "proxy-connection", "transfer-encoding", "proxy-authenticate", "proxy-authorization",
    Names.Header.FORWARDED_BY.toLowerCase(Locale.ROOT), Names.Header.CLUSTER_AUTH.toLowerCase(Locale.ROOT));

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
