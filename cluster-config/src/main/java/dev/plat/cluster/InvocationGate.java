package dev.plat.cluster;

import dev.plat.cluster.api.PlatError;

/**
 * The gateway's routing and auth rules for invocations, asked by the data plane's HTTP/1.x fast
 * path with a request head's parts alone (no Vert.x request exists on that path). The same rules
 * as the gateway's own front door: public host, then {@code /function/{name}/**}, invoke
 * permission unless the function is public.
 */
@FunctionalInterface
public interface InvocationGate {

  /**
   * What to do with a request.
   *
   * @param host          the Host header's host in lower case without the port, or {@code null}
   * @param path          the request path (raw, without the query)
   * @param authorization the Authorization header, or {@code null}
   * @return {@code null} when the request is not an invocation (the gateway's router serves it)
   */
  Verdict check(String host, String path, String authorization);

  /**
   * An invocation: of {@code function} with {@code path} (what the function sees), or refused with
   * {@code refused} (401, 403, 404 {@code unknown_host}), in which case the other fields are unused.
   *
   * @param stripAuthorization the platform's token is removed before the request goes to the function
   */
  record Verdict(String function, String path, boolean stripAuthorization, PlatError refused) {

    public static Verdict refuse(PlatError error) {
      return new Verdict(null, null, false, error);
    }
  }
}
