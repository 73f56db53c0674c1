package dev.plat.gateway.auth;

import dev.plat.cluster.api.PlatError;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Wraps routes that need a bearer token: {@code Authorization: Bearer <token>}, or for a WebSocket
 * upgrade (browsers cannot set headers on one) the {@code access_token} query parameter. No or an
 * unknown token fails the request with 401 {@code unauthorized} (the failure handler adds
 * {@code WWW-Authenticate: Bearer}); a role without the route's {@link Permission} with 403
 * {@code forbidden}. On success the role is in the context under {@link #ROLE} and the next
 * handler runs.
 */
public final class AuthHandler implements Handler<RoutingContext> {
  /** Context key of the caller's {@link ApiRole}. */
  public static final String ROLE = "plat.role";
  /** Query parameter holding the token on WebSocket upgrades. */
  public static final String ACCESS_TOKEN_PARAM = dev.plat.cluster.GatewayCredentials.ACCESS_TOKEN;

  private static final String BEARER = "bearer ";

  private final TokenStore tokens;
  private final Permission permission;

  public AuthHandler(TokenStore tokens, Permission permission) {
    this.tokens = tokens;
    this.permission = permission;
  }

  @Override
  public void handle(RoutingContext ctx) {
    PlatError refused = authorize(ctx.request(), tokens, permission);
    if (refused != null) {
      ctx.fail(refused);
    } else {
      ctx.put(ROLE, tokens.roleOf(token(ctx.request())).orElseThrow());
      ctx.next();
    }
  }

  /** Why {@code request} may not use a route needing {@code permission}: 401 or 403; {@code null} when it may. */
  public static PlatError authorize(HttpServerRequest request, TokenStore tokens, Permission permission) {
    return authorize(token(request), tokens, permission);
  }

  /** {@link #authorize(HttpServerRequest, TokenStore, Permission)} for a token already read ({@code null}: none). */
  public static PlatError authorize(String token, TokenStore tokens, Permission permission) {
    if (token == null) {
      return new PlatError(401, "unauthorized", "a bearer token is required: Authorization: Bearer <token>");
    }
    Optional<ApiRole> role = tokens.roleOf(token);
    if (role.isEmpty()) {
      return new PlatError(401, "unauthorized", "the bearer token is not valid");
    }
    if (!role.get().allows(permission)) {
      return new PlatError(403, "forbidden", "the role '" + role.get().id() + "' may not use this route");
    }
    return null;
  }

  /** The request's bearer token (or {@code access_token} on a WebSocket upgrade), or {@code null}. */
  public static String token(HttpServerRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null && request.canUpgradeToWebSocket()) {
      return request.getParam(ACCESS_TOKEN_PARAM);
    }
    return bearer(header);
  }

  /** The token of an {@code Authorization: Bearer <token>} header value, or {@code null}. */
  public static String bearer(String header) {
    if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      String token = header.substring(BEARER.length()).strip();
      return token.isEmpty() ? null : token;
    }
    return null;
  }
}
