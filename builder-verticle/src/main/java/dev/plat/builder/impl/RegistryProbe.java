package dev.plat.builder.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Whether the image registry answers {@code GET /v2/} (the Docker Registry API base) with 200, or
 * with 401: a registry that needs credentials (pushes send those of {@code plat registry login}).
 */
public final class RegistryProbe {
  private static final long TIMEOUT_MS = 2_000;

  private final HttpClient client;
  private final String registry;

  public RegistryProbe(Vertx vertx, String registry) {
    this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) TIMEOUT_MS));
    this.registry = registry;
  }

  /** Succeeds when the registry answers 200 or 401. */
  public Future<Void> check() {
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET)
      .setAbsoluteURI("http://" + registry + "/v2/").setTimeout(TIMEOUT_MS);
    return client.request(request)
      .compose(req -> req.send())
      .compose(resp -> resp.body().compose(body -> resp.statusCode() == 200 || resp.statusCode() == 401
        ? Future.<Void>succeededFuture()
        : Future.<Void>failedFuture("registry " + registry + " answered " + resp.statusCode() + " to GET /v2/")));
  }

  public Future<Void> close() {
    return client.close();
  }
}
