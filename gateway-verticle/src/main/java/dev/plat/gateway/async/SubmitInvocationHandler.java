package dev.plat.gateway.async;

import dev.plat.cluster.FunctionDirectory;
import dev.plat.cluster.Names;
import dev.plat.cluster.api.PlatError;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * {@code /async-function/{name}/**}: stores the request (method, path below the name, query,
 * headers without hop-by-hop ones and without Authorization, body already read by a size-limited
 * {@code BodyHandler}) as a queued {@link AsyncInvocation} and answers 202 with {@code X-Invocation-Id}
 * and {@code {"id": ...}} once the store made it durable. 404 {@code function_not_found} for a name
 * the directory does not know. With {@code Idempotency-Key} the id is derived from the function and
 * the key, so a second submission finds the first record and gets its id. An {@code X-Callback-Url}
 * the {@link CallbackGuard} refuses is answered 400 {@code bad_callback_url} saying why.
 */
public final class SubmitInvocationHandler implements Handler<RoutingContext> {
  static final String PREFIX = "/async-function/";
  /** Never stored: hop-by-hop, the caller's credentials, the gateway's own and the async control headers. */
  private static final Set<String> DROPPED = Set.of("connection", "keep-alive", "proxy-authenticate",
    "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length",
    "authorization", "expect", Names.Header.CALLBACK_URL.toLowerCase(Locale.ROOT),
    Names.Header.CLUSTER_AUTH.toLowerCase(Locale.ROOT), Names.Header.FORWARDED_BY.toLowerCase(Locale.ROOT));

  private final InvocationStore store;
  private final FunctionDirectory directory;
  private final CallbackGuard callbacks;
  private final LongSupplier clock;

  public SubmitInvocationHandler(InvocationStore store, FunctionDirectory directory, CallbackGuard callbacks,
                                 LongSupplier clock) {
    this.store = store;
    this.directory = directory;
    this.callbacks = callbacks;
    this.clock = clock;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String name = ctx.pathParam("name");
    if (directory.byName(name) == null) {
      ctx.fail(PlatError.notFound("function_not_found", "no function named '" + name + "'"));
      return;
    }
    String callback = request.getHeader(Names.Header.CALLBACK_URL);
    if (callback == null) {
      submit(ctx, name, null);
      return;
    }
    callbacks.check(callback).onComplete(checked -> {
      if (checked.failed()) {
        ctx.fail(checked.cause());
      } else {
        submit(ctx, name, callback);
      }
    });
  }

  private void submit(RoutingContext ctx, String name, String callback) {
    HttpServerRequest request = ctx.request();
    String key = request.getHeader(Names.Header.IDEMPOTENCY_KEY);
    String id = key == null ? UUID.randomUUID().toString() : idFor(name, key);
    Buffer body = ctx.body().buffer();
    AsyncInvocation invocation = AsyncInvocation.queued(id, name, stored(request, name, body), callback, clock.getAsLong());
    store.create(invocation).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else if (!ctx.response().closed()) {
        ctx.response().setStatusCode(202).putHeader(Names.Header.INVOCATION_ID, id)
          .putHeader("Content-Type", "application/json").end(new JsonObject().put("id", id).encode());
      }
    });
  }

  static JsonObject stored(HttpServerRequest request, String name, Buffer body) {
    String path = request.path().substring(Math.min(request.path().length(), PREFIX.length() + name.length()));
    JsonArray headers = new JsonArray();
    MultiMap all = request.headers();
    all.forEach(h -> {
      if (!DROPPED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
        headers.add(new JsonArray().add(h.getKey()).add(h.getValue()));
      }
    });
    return new JsonObject().put("method", request.method().name()).put("path", path.isEmpty() ? "/" : path)
      .put("query", request.query()).put("headers", headers)
      .put("body", Base64.getEncoder().encodeToString(body == null ? new byte[0] : body.getBytes()));
  }

  /** The id of the invocation of {@code function} submitted with idempotency key {@code key}. */
  static String idFor(String function, String key) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
        .digest((function + "\n" + key).getBytes(StandardCharsets.UTF_8));
      return "k-" + HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
