package dev.plat.gateway.async;

import dev.plat.cluster.CallbackTargets;
import dev.plat.cluster.api.PlatError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Checks an {@code X-Callback-Url} against the operator's {@link CallbackTargets} (setting
 * {@code callbackAllowedHosts}): an http(s) URL whose host resolves only to allowed addresses, or
 * whose name is listed. Asked at submission and again before each send (a name may resolve
 * elsewhere by then); the send then connects to the address checked, so a second lookup cannot
 * lead elsewhere. A refusal is a 400 {@code bad_callback_url} saying why.
 */
public final class CallbackGuard {
  private final CallbackTargets targets;
  private final Function<String, Future<List<InetAddress>>> resolver;

  /** A checked callback: where to connect ({@code address} {@code null}: by name, the name is listed). */
  public record Target(URI uri, String host, int port, boolean ssl, InetAddress address) {
  }

  /** @param resolver a host name's addresses, never on an event loop's thread */
  public CallbackGuard(CallbackTargets targets, Function<String, Future<List<InetAddress>>> resolver) {
    this.targets = targets;
    this.resolver = resolver;
  }

  /** A guard resolving names with the system's resolver on a worker thread. */
  public static CallbackGuard of(Vertx vertx, CallbackTargets targets) {
    return new CallbackGuard(targets, host -> vertx.executeBlocking(() -> List.of(InetAddress.getAllByName(host)), false));
  }

  /** @return the target to connect to; a failed future holding a {@link PlatError} 400 {@code bad_callback_url} */
  public Future<Target> check(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return refused("X-Callback-Url is not a URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return refused("X-Callback-Url must be an http:// or https:// URL");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      return refused("X-Callback-Url has no host");
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    boolean ssl = scheme.equals("https");
    int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
    if (targets.allowsName(host)) {
      return Future.succeededFuture(new Target(uri, host, port, ssl, null));
    }
    if (!CallbackTargets.literal(host) && !host.matches("[a-z0-9.-]+")) {
      return refused("X-Callback-Url's host '" + host + "' is not a host name");
    }
    String name = host;
    return resolver.apply(name).recover(err -> refused("X-Callback-Url's host " + name + " does not resolve"))
      .compose(addresses -> {
        if (addresses.isEmpty()) {
          return refused("X-Callback-Url's host " + name + " does not resolve");
        }
        for (InetAddress address : addresses) {
          if (!targets.allowsAddress(address)) {
            return refused("X-Callback-Url's host " + name + " is " + address.getHostAddress() + ", "
              + CallbackTargets.kind(address) + ", which callbackAllowedHosts does not allow");
          }
        }
        return Future.succeededFuture(new Target(uri, name, port, ssl, addresses.get(0)));
      });
  }

  private static <T> Future<T> refused(String why) {
    return Future.failedFuture(PlatError.badRequest("bad_callback_url", why));
  }
}
