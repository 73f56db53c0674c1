package dev.plat.cluster;

import dev.plat.cluster.api.PlatError;

/**
 * The gateway's routing and auth rules for invocations, asked by the data plane's HTTP/1.x fast
 * path with a request head's parts alone (no Vert.x request exists on that path). The same rules
 * as the gateway's own front door: public host, then {@code /function/{name}/**}, invoke
 * permission unless the function is public.
 */
public interface InvocationGate {

  /**
   * Which function a request is for.
   *
   * @param host the Host header's host in lower case without the port, or {@code null}
   * @param path the request path (raw, without the query)
   * @return {@code null} when the request is not an invocation (the gateway's router serves it)
   */
  Verdict check(String host, String path);

  /**
   * Why a caller presenting {@code authorization} (the Authorization header, or {@code null}) may
   * not invoke a function that is not public: 401 or 403; {@code null} when it may. The answer
   * for one header value does not change while the process runs.
   */
  PlatError authorize(String authorization);

  /**
   * Whether {@code token} (a bearer token or {@code access_token} value) is one of the gateway's
   * tokens, of any role: such a token never reaches a function, public or not
   * ({@link GatewayCredentials}). Compares in time that says nothing about the gateway's tokens.
   */
  boolean isGatewayToken(String token);

  /**
   * Whether the gateway answers CORS for a browser on {@code origin} (an {@code Origin} header's
   * value): its preflights and the {@code Access-Control-Allow-Origin} of its answers. The fast path
   * hands such a request (and its connection) to the gateway's request handler, which does it.
   */
  default boolean corsAllows(String origin) {
    return false;
  }

  /**
   * One invocation's admission, the same on every path that serves one (the gateway's request
   * handler and the data plane's fast path are adapters of it): the routing of {@link #check},
   * then, unless the function is public, the caller's token ({@link #authorize}), then what of the
   * gateway's credentials the function must not see ({@link GatewayCredentials}).
   *
   * @param host          as for {@link #check}
   * @param path          as for {@link #check}
   * @param query         the raw query (without {@code ?}), or {@code null}
   * @param authorization the Authorization header (on a WebSocket upgrade without one, {@code "Bearer "}
   *                      and the {@code access_token} parameter), or {@code null}
   * @param proven        an Authorization value already allowed on this connection, not checked again
   *                      (a client repeats its header on each request), or {@code null}
   * @return {@code null} when the request is not an invocation (the gateway's router serves it)
   */
  default Admission admit(String host, String path, String query, String authorization, String proven) {
    Verdict verdict = check(host, path);
    if (verdict == null) {
      return null;
    }
    PlatError refused = verdict.refused();
    String allowed = null;
    if (refused == null && !verdict.isPublic()) {
      if (authorization != null && authorization.equals(proven)) {
        allowed = proven;
      } else {
        refused = authorize(authorization);
        allowed = refused == null ? authorization : null;
      }
    }
    if (refused != null) {
      return new Admission(verdict, refused, false, query, null);
    }
    // which tokens are the gateway's matters for public functions only: nothing made for the others
    java.util.function.Predicate<String> gatewayToken = verdict.isPublic() ? this::isGatewayToken
      : InvocationGate::anyToken;
    return new Admission(verdict, null, GatewayCredentials.stripsAuthorization(authorization, verdict.isPublic(),
      gatewayToken), GatewayCredentials.query(query, verdict.isPublic(), gatewayToken), allowed);
  }

  /** For a function that is not public every credential stays away: the question is never asked. */
  private static boolean anyToken(String token) {
    return true;
  }

  /**
   * What {@link #admit} decided.
   *
   * @param verdict            the routing ({@link #check})
   * @param refused            why it may not be served: the routing's refusal or the token's (401,
   *                           403); {@code null} when it may
   * @param stripAuthorization the Authorization header stays away from the function
   * @param query              the query the function sees (the gateway's {@code access_token} gone)
   * @param allowed            the Authorization value that passed {@link #authorize} here (to remember on
   *                           the connection), or {@code null}
   */
  record Admission(Verdict verdict, PlatError refused, boolean stripAuthorization, String query, String allowed) {

    /** The function invoked. */
    public String function() {
      return verdict.function();
    }

    /** The path the function sees. */
    public String path() {
      return verdict.path();
    }
  }

  /**
   * An invocation of {@code function} with {@code path} (what the function sees), or a refusal
   * ({@code refused}, e.g. 404 {@code unknown_host}), in which case the other fields are unused.
   *
   * @param isPublic the function needs no token; else the caller must pass {@link #authorize} and
   *                 the platform's token is removed before the request goes to the function
   *                 (which credentials a function never sees: {@link GatewayCredentials})
   */
  record Verdict(String function, String path, boolean isPublic, PlatError refused) {

    public static Verdict refuse(PlatError error) {
      return new Verdict(null, null, false, error);
    }
  }
}
