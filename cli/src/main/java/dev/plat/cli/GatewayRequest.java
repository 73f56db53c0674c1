package dev.plat.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One request to the gateway: method, path and query under the API URL, headers and body. Header
 * names and values are checked as they are set, so a bad {@code -H} fails before anything is sent
 * ({@link IllegalArgumentException}); the headers that frame the message are the client's own.
 */
public final class GatewayRequest {
  /** Headers the client writes itself (as the JDK's {@code HttpClient} refuses them too). */
  static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade",
    "transfer-encoding", "te", "trailer", "keep-alive");

  private final String pathAndQuery;
  private final Map<String, String[]> headers = new LinkedHashMap<>();
  private String method = "GET";
  private RequestBody body = RequestBody.none();

  GatewayRequest(String pathAndQuery) {
    if (!pathAndQuery.startsWith("/") || pathAndQuery.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
      throw new IllegalArgumentException("invalid request path: " + pathAndQuery);
    }
    this.pathAndQuery = pathAndQuery;
  }

  /** Sets a header, replacing a value set before under the same name (any case). */
  public GatewayRequest header(String name, String value) {
    if (!isToken(name)) {
      throw new IllegalArgumentException("invalid header name: '" + name + "'");
    }
    if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("restricted header name: '" + name + "'");
    }
    if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0 || c > 0xff)) {
      throw new IllegalArgumentException("invalid value for header '" + name + "'");
    }
    headers.put(name.toLowerCase(Locale.ROOT), new String[] {name, value});
    return this;
  }

  /** Sets the method (any HTTP token, case kept) and the body. */
  public GatewayRequest method(String method, RequestBody body) {
    if (!isToken(method)) {
      throw new IllegalArgumentException("invalid HTTP method: '" + method + "'");
    }
    this.method = method;
    this.body = body;
    return this;
  }

  public GatewayRequest GET() {
    return method("GET", RequestBody.none());
  }

  public GatewayRequest POST(RequestBody body) {
    return method("POST", body);
  }

  public GatewayRequest DELETE() {
    return method("DELETE", RequestBody.none());
  }

  public String method() {
    return method;
  }

  public String pathAndQuery() {
    return pathAndQuery;
  }

  public RequestBody body() {
    return body;
  }

  /** The value of a header (any case), or null. */
  public String header(String name) {
    String[] entry = headers.get(name.toLowerCase(Locale.ROOT));
    return entry == null ? null : entry[1];
  }

  /** The headers as set: name (its case) and value, in order. */
  Iterable<String[]> headers() {
    return headers.values();
  }

  private static boolean isToken(String s) {
    if (s == null || s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
