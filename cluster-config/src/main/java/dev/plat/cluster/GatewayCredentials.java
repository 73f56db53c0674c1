package dev.plat.cluster;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * The rule that keeps the gateway's credentials away from functions, applied on every path an
 * invocation takes (the gateway's front door and the proxy's HTTP/1.x fast path):
 *
 * <ul>
 *   <li>a function that is not public: the gateway checked the caller's {@code Authorization}, so
 *       it is removed, and so is every {@code access_token} query parameter;</li>
 *   <li>a public function: {@code Authorization: Bearer <token>} and {@code access_token=<token>}
 *       are removed when the token is one of the gateway's (any role); any other Authorization
 *       (the function's own tokens, Basic) and parameters pass.</li>
 * </ul>
 */
public final class GatewayCredentials {
  /** The query parameter that carries a token where no header can (WebSocket upgrades from browsers). */
  public static final String ACCESS_TOKEN = "access_token";
  private static final String BEARER = "bearer ";

  private GatewayCredentials() {
  }

  /**
   * Whether the {@code Authorization} header value {@code authorization} stays away from the function.
   *
   * @param isGatewayToken whether a bearer token is one of the gateway's
   */
  public static boolean stripsAuthorization(String authorization, boolean isPublic, Predicate<String> isGatewayToken) {
    if (authorization == null) {
      return false;
    }
    if (!isPublic) {
      return true;
    }
    String token = bearer(authorization);
    return token != null && isGatewayToken.test(token);
  }

  /**
   * {@code query} (raw, without {@code ?}; or {@code null}) without the {@code access_token}
   * parameters the rule removes; the other parameters are kept as they came, in their order.
   * {@code null} when nothing is left. The same string when nothing is removed.
   */
  public static String query(String query, boolean isPublic, Predicate<String> isGatewayToken) {
    if (query == null || !mayHoldToken(query)) {
      return query;
    }
    StringBuilder kept = new StringBuilder(query.length());
    boolean any = false;
    boolean removed = false;
    int start = 0;
    while (start <= query.length()) {
      int end = nextSeparator(query, start);
      String part = query.substring(start, end);
      if (isAccessToken(part) && (!isPublic || isGatewayToken.test(value(part)))) {
        removed = true;
      } else {
        if (any) {
          kept.append(query.charAt(start - 1));  // the separator this part came after
        }
        kept.append(part);
        any = true;
      }
      start = end + 1;
    }
    if (!removed) {
      return query;
    }
    return any ? kept.toString() : null;
  }

  /** The token of an {@code Authorization: Bearer <token>} value, or {@code null}. */
  public static String bearer(String authorization) {
    if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      String token = authorization.substring(BEARER.length()).strip();
      return token.isEmpty() ? null : token;
    }
    return null;
  }

  /** A cheap first look: the parameter's name starts a part with an 'a' (any case), or is percent-encoded. */
  private static boolean mayHoldToken(String query) {
    if (query.indexOf('%') >= 0) {
      return true;
    }
    for (int i = 0; i < query.length(); i++) {
      char c = query.charAt(i);
      if ((c == 'a' || c == 'A') && (i == 0 || query.charAt(i - 1) == '&' || query.charAt(i - 1) == ';')) {
        return true;
      }
    }
    return false;
  }

  private static int nextSeparator(String query, int from) {
    for (int i = from; i < query.length(); i++) {
      char c = query.charAt(i);
      if (c == '&' || c == ';') {
        return i;
      }
    }
    return query.length();
  }

  /** The part's name, decoded as servers decode it, is {@code access_token} (any case). */
  private static boolean isAccessToken(String part) {
    int eq = part.indexOf('=');
    String name = eq < 0 ? part : part.substring(0, eq);
    if (name.indexOf('%') >= 0) {
      name = decode(name);
    }
    // Vert.x reads parameter names without regard to case
    return name.equalsIgnoreCase(ACCESS_TOKEN);
  }

  private static String value(String part) {
    int eq = part.indexOf('=');
    return eq < 0 ? "" : decode(part.substring(eq + 1));
  }

  private static String decode(String s) {
    try {
      return QueryStringDecoder.decodeComponent(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
