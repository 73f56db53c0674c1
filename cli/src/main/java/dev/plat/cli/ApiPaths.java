package dev.plat.cli;

import java.nio.charset.StandardCharsets;

/** Every path and header name of the gateway that the CLI uses, in one place. */
final class ApiPaths {
  private ApiPaths() {
  }

  /** The deploy request's header carrying the manifest minus name and runtime, as compact JSON. */
  static final String SPEC_HEADER = "X-Plat-Spec";
  static final String FUNCTIONS = "/api/functions";

  /** {@code /api/functions} with one {@code label} query parameter per selector. */
  static String functions(java.util.List<String> labels) {
    StringBuilder path = new StringBuilder(FUNCTIONS);
    for (String label : labels) {
      path.append(path.length() == FUNCTIONS.length() ? '?' : '&').append("label=").append(segment(label));
    }
    return path.toString();
  }

  static String function(String name) {
    return FUNCTIONS + "/" + segment(name);
  }

  /** {@code /api/functions/{name}/{action}}: start, stop, logs. */
  static String function(String name, String action) {
    return function(name) + "/" + action;
  }

  static String deploy(String name, String runtime) {
    return FUNCTIONS + "?name=" + segment(name) + "&runtime=" + segment(runtime);
  }

  static String build(String id) {
    return "/api/builds/" + segment(id);
  }

  static String buildLogs(String id) {
    return build(id) + "/logs";
  }

  /** The invocation route: {@code /function/{name}} followed by the caller's path and query. */
  static String invoke(String name, String path) {
    String rest = path == null || path.isEmpty() ? "" : path.startsWith("/") ? path : "/" + path;
    return "/function/" + segment(name) + rest;
  }

  /** The asynchronous invocation route: {@code /async-function/{name}} followed by the caller's path and query. */
  static String invokeAsync(String name, String path) {
    return "/async-" + invoke(name, path).substring(1);
  }

  static final String INVOCATIONS = "/api/invocations";
  static final String CALLBACK_URL_HEADER = "X-Callback-Url";
  static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

  /** {@code /api/invocations}, only {@code function}'s when not null. */
  static String invocations(String function, int limit) {
    return INVOCATIONS + "?limit=" + limit + (function == null ? "" : "&function=" + segment(function));
  }

  static final String SCHEDULES = "/api/schedules";

  static String invocation(String id) {
    return INVOCATIONS + "/" + segment(id);
  }

  /** Percent-encodes everything but RFC 3986 unreserved characters. */
  static String segment(String value) {
    StringBuilder sb = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
        sb.append(c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
          .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return sb.toString();
  }
}
