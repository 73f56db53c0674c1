package dev.plat.gateway.invoke;

import dev.plat.cluster.FunctionDirectory;
import dev.plat.cluster.api.TrafficSplit;
import dev.plat.cluster.GatewayCredentials;
import dev.plat.cluster.HostNames;
import dev.plat.cluster.InvocationGate;
import dev.plat.cluster.InvocationHandler;
import dev.plat.cluster.api.PlatError;
import dev.plat.gateway.JsonFailureHandler;
import dev.plat.gateway.auth.AuthHandler;
import dev.plat.gateway.auth.Permission;
import dev.plat.gateway.auth.TokenStore;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The gateway's first handler, on the hot path: invocations bypass the router. A request whose
 * Host is a function's public host goes to that function; {@code /function/{name}/**} goes to
 * {@code name}; a host under the base domain (or {@code localhost}) that no function serves is a
 * 404; everything else is the management router's. The gateway's own names are never routed by
 * Host, whatever the directory says: {@code apiHosts}, the base domain itself, {@code localhost}
 * and any IP literal ({@link HostNames}) always reach {@code /api/**}, {@code /health},
 * {@code /metrics} and the dashboard (a function is reached there by {@code /function/{name}} only).
 * Invoking needs a token with the invoke permission unless the function is public. The gateway's
 * own credentials never reach a function ({@link GatewayCredentials}). Browsers on the origins of
 * {@code corsOrigins} get CORS here ({@link FunctionCors}), before auth. As an {@link InvocationGate} it gives the same
 * answers to the data plane's HTTP/1.x fast path, which serves most invocations before any Vert.x
 * request exists; this handler then sees HTTP/2 and the requests of connections handed to Vert.x.
 */
public final class FrontDoor implements Handler<HttpServerRequest>, InvocationGate {
  static final String PREFIX = "/function/";

  private final FunctionDirectory directory;
  private final InvocationHandler invoker;
  private final TokenStore tokens;
  private final Handler<HttpServerRequest> router;
  private final String domainSuffix;
  private final FunctionCors cors;
  /** Names that are the gateway's, never a function's: apiHosts, the base domain, localhost. */
  private final Set<String> ownNames = new HashSet<>();

  /**
   * @param apiHosts the names the gateway serves its API on (setting {@code apiHosts}), lower case
   */
  public FrontDoor(FunctionDirectory directory, InvocationHandler invoker, TokenStore tokens, String baseDomain,
      Collection<String> apiHosts, Handler<HttpServerRequest> router) {
    this(directory, invoker, tokens, baseDomain, apiHosts, List.of(), router);
  }

  /**
   * @param apiHosts    the names the gateway serves its API on (setting {@code apiHosts}), lower case
   * @param corsOrigins the browser origins invocations answer CORS for (setting {@code corsOrigins}):
   *                    their preflights get 204 without a token, their answers
   *                    {@code Access-Control-Allow-Origin} unless the function sets its own
   */
  public FrontDoor(FunctionDirectory directory, InvocationHandler invoker, TokenStore tokens, String baseDomain,
      Collection<String> apiHosts, List<String> corsOrigins, Handler<HttpServerRequest> router) {
    this.cors = new FunctionCors(corsOrigins);
    this.directory = directory;
    this.invoker = invoker;
    this.tokens = tokens;
    this.router = router;
    String base = baseDomain.toLowerCase(Locale.ROOT);
    this.domainSuffix = "." + base;
    apiHosts.forEach(h -> ownNames.add(HostNames.normalize(h)));
    ownNames.add(base);
    ownNames.add("localhost");
  }

  @Override
  public void handle(HttpServerRequest request) {
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization == null && request.canUpgradeToWebSocket()) {
      String token = request.getParam(GatewayCredentials.ACCESS_TOKEN);  // browsers set no header on an upgrade
      authorization = token == null ? null : "Bearer " + token;
    }
    InvocationGate.Admission admission = admit(host(request), request.path(), request.query(), authorization, null);
    if (admission == null) {
      router.handle(request);
      return;
    }
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    if (origin != null && cors.allows(origin)) {
      // a preflight carries no token: answered when the routing allows, whatever the token said
      if (admission.verdict().refused() == null && FunctionCors.isPreflight(request)) {
        FunctionCors.preflight(request, origin);
        return;
      }
      FunctionCors.allowOrigin(request.response(), origin);
    }
    if (admission.refused() != null) {
      JsonFailureHandler.write(request, admission.refused());
      return;
    }
    if (admission.stripAuthorization()) {
      request.headers().remove(HttpHeaders.AUTHORIZATION);
    }
    invoker.invoke(request, admission.function(), admission.path(), admission.query());
  }

  @Override
  public InvocationGate.Verdict check(String rawHost, String path) {
    String host = HostNames.normalize(rawHost);
    if (host != null) {
      // the gateway's own names are checked only when the host would go elsewhere: the hot path
      // (a host no function claims, outside the base domain) pays one lookup, as before the check
      FunctionDirectory.Entry byHost = directory.byHost(host);
      if (byHost != null && !isOwnName(host)) {
        return new InvocationGate.Verdict(byHost.name(), path, byHost.isPublic(), null);
      }
      if (byHost == null && isPlatformHost(host) && !isOwnName(host)) {
        return InvocationGate.Verdict.refuse(PlatError.notFound("unknown_host", "no function serves the host '" + host + "'"));
      }
    }
    if (path != null && path.startsWith(PREFIX)) {
      int slash = path.indexOf('/', PREFIX.length());
      String name = slash < 0 ? path.substring(PREFIX.length()) : path.substring(PREFIX.length(), slash);
      String rest = slash < 0 ? "/" : path.substring(slash);
      // NAME@vN addresses one version of NAME: NAME says whether it is public
      FunctionDirectory.Entry entry = directory.byName(name.indexOf('@') < 0 ? name : TrafficSplit.functionOf(name));
      return new InvocationGate.Verdict(name, rest, entry != null && entry.isPublic(), null);
    }
    return null;
  }

  @Override
  public PlatError authorize(String authorization) {
    return AuthHandler.authorize(AuthHandler.bearer(authorization), tokens, Permission.INVOKE);
  }

  @Override
  public boolean corsAllows(String origin) {
    return cors.allows(origin);
  }

  @Override
  public boolean isGatewayToken(String token) {
    return tokens.roleOf(token).isPresent();
  }

  /** One of the gateway's own names, or an IP address: host routing never applies. */
  private boolean isOwnName(String host) {
    return ownNames.contains(host) || HostNames.isIpLiteral(host);
  }

  /** A host under the base domain or {@code localhost} with a label in front: meant for a function. */
  private boolean isPlatformHost(String host) {
    return (host.endsWith(domainSuffix) && host.length() > domainSuffix.length())
      || (host.endsWith(".localhost") && host.length() > ".localhost".length());
  }

  /** The request's host in lower case without the port, or {@code null}. */
  static String host(HttpServerRequest request) {
    String authority = request.authority() == null ? null : request.authority().host();
    return authority == null || authority.isEmpty() ? null : authority.toLowerCase(Locale.ROOT);
  }
}
