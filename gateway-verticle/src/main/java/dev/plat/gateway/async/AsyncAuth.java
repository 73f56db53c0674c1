package dev.plat.gateway.async;

import dev.plat.cluster.FunctionDirectory;
import dev.plat.gateway.auth.AuthHandler;
import dev.plat.gateway.auth.Permission;
import dev.plat.gateway.auth.TokenStore;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * The auth of {@code /async-function/{name}/**}, the same as {@code /function/{name}}: a public
 * function needs no token, any other a token with the invoke permission (401/403 otherwise).
 */
public final class AsyncAuth implements Handler<RoutingContext> {
  private final FunctionDirectory directory;
  private final AuthHandler auth;

  public AsyncAuth(FunctionDirectory directory, TokenStore tokens) {
    this.directory = directory;
    this.auth = new AuthHandler(tokens, Permission.INVOKE);
  }

  @Override
  public void handle(RoutingContext ctx) {
    FunctionDirectory.Entry entry = directory.byName(ctx.pathParam("name"));
    if (entry != null && entry.isPublic()) {
      ctx.next();
    } else {
      auth.handle(ctx);
    }
  }
}
