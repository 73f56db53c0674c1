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
