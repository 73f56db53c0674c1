package dev.plat.gateway;

import dev.plat.cluster.CallbackTargets;
import dev.plat.cluster.ClusterMember;
import dev.plat.cluster.ClusterSecret;
import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.ConnectionGuard;
import dev.plat.cluster.ConnectionLimits;
import dev.plat.cluster.FunctionDirectory;
import dev.plat.cluster.InvocationHandler;
import dev.plat.cluster.Names;
import dev.plat.cluster.PlatConfig;
import dev.plat.cluster.Role;
import dev.plat.cluster.RoleHealth;
import dev.plat.docker.DockerClient;
import dev.plat.gateway.api.BuildLogsHandler;
import dev.plat.gateway.api.BuildQueries;
import dev.plat.gateway.api.ControllerClient;
import dev.plat.gateway.api.DeleteSecretHandler;
import dev.plat.gateway.api.DeployImageHandler;
import dev.plat.gateway.api.RegistryLoginHandler;
import dev.plat.gateway.api.ListSecretsHandler;
import dev.plat.gateway.api.PutSecretHandler;
import dev.plat.gateway.api.SchedulesHandler;
import dev.plat.gateway.api.SecretSealer;
import dev.plat.gateway.api.DeleteFunctionHandler;
import dev.plat.gateway.api.DeployFunctionHandler;
import dev.plat.gateway.api.EventsSocketHandler;
import dev.plat.gateway.api.FunctionLogsHandler;
import dev.plat.gateway.api.FunctionUrls;
import dev.plat.gateway.api.GetBuildHandler;
import dev.plat.gateway.api.GetFunctionHandler;
import dev.plat.gateway.api.ListFunctionsHandler;
import dev.plat.gateway.api.LocalLogs;
import dev.plat.gateway.api.ListVersionsHandler;
import dev.plat.gateway.api.PatchFunctionHandler;
import dev.plat.gateway.api.RollbackFunctionHandler;
import dev.plat.gateway.api.SetTrafficHandler;
import dev.plat.gateway.api.ServeUploadHandler;
import dev.plat.gateway.api.StartFunctionHandler;
import dev.plat.gateway.api.StopFunctionHandler;
import dev.plat.gateway.api.UploadStore;
import dev.plat.gateway.async.AsyncAuth;
import dev.plat.gateway.async.CallbackGuard;
import dev.plat.gateway.async.InvocationStore;
import dev.plat.gateway.async.InvocationsHandler;
import dev.plat.gateway.async.SubmitInvocationHandler;
import dev.plat.gateway.auth.AuthHandler;
import dev.plat.gateway.auth.Permission;
import dev.plat.gateway.auth.TokenStore;
import dev.plat.gateway.invoke.FrontDoor;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Logger;

/** The gateway role: the public HTTP port. Builds the router in order and listens. */
public class GatewayVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(GatewayVerticle.class.getName());
  private static final long PATCH_BODY_LIMIT = 64 * 1024;
  /** A secret's values (at most {@code SecretData.MAX_BYTES}) as JSON, escapes included. */
  private static final long SECRET_BODY_LIMIT = 6L * dev.plat.cluster.api.SecretData.MAX_BYTES + 4096;
  private static final int MAX_CHUNK_SIZE = 64 * 1024;
  /** One warning per process, however many gateway instances (one per core) start. */
  private static final java.util.concurrent.atomic.AtomicBoolean WARNED = new java.util.concurrent.atomic.AtomicBoolean();

  private final PlatConfig config;
  private final DockerClient docker;
  private final Supplier<List<ClusterMember>> members;
  private final FunctionDirectory directory;
  private final InvocationHandler invoker;
  private final Supplier<String> metrics;
  private final Supplier<Collection<String>> logPeers;
  /** Asynchronous invocations; {@code null}: no {@code /async-function} and {@code /api/invocations} routes. */
  private final InvocationStore invocations;
  /** To the other nodes' proxy ports (their logs); kept: a client nobody holds may be closed. */
  private HttpClient peers;
  private HttpServer server;
  /** The server of {@code httpRedirectPort}, or null. */
  private HttpServer redirect;
  /** The HTTPS settings, or null for plain HTTP. */
  private GatewayTls tls;
  private Router router;

  /**
   * @param members   the cluster's members, for /health
   * @param directory the replicated function directory: public flags and hosts
   * @param invoker   the data plane (the proxy role's handler, built by the node)
   */
  public GatewayVerticle(PlatConfig config, DockerClient docker, Supplier<List<ClusterMember>> members,
      FunctionDirectory directory, InvocationHandler invoker) {
    this(config, docker, members, directory, invoker, null);
  }

  /**
   * @param metrics the node's metrics as Prometheus text, served at {@code GET /metrics} (with an
   *                admin or deployer token unless {@code metricsPublic}); {@code null}: no such route
   */
  public GatewayVerticle(PlatConfig config, DockerClient docker, Supplier<List<ClusterMember>> members,
      FunctionDirectory directory, InvocationHandler invoker, Supplier<String> metrics) {
    this(config, docker, members, directory, invoker, metrics, List::of);
  }

  /**
   * @param logPeers the proxy ports ({@code host:port}) of the other nodes that may run instances:
   *                 {@code plat logs} reads their containers' output from them ({@link dev.plat.cluster.Names.Internal#LOGS})
   */
  public GatewayVerticle(PlatConfig config, DockerClient docker, Supplier<List<ClusterMember>> members,
      FunctionDirectory directory, InvocationHandler invoker, Supplier<String> metrics,
      Supplier<Collection<String>> logPeers) {
    this(config, docker, members, directory, invoker, metrics, logPeers, null);
  }

  /**
   * @param invocations where {@code /async-function/{name}/**} stores asynchronous invocations and
   *                    {@code /api/invocations} reads them; {@code null}: no such routes
   */
  public GatewayVerticle(PlatConfig config, DockerClient docker, Supplier<List<ClusterMember>> members,
      FunctionDirectory directory, InvocationHandler invoker, Supplier<String> metrics,
      Supplier<Collection<String>> logPeers, InvocationStore invocations) {
    this.invocations = invocations;
    this.logPeers = logPeers;
    this.metrics = metrics;
    this.config = config;
    this.docker = docker;
    this.members = members;
    this.directory = directory;
    this.invoker = invoker;
  }

  @Override
  public Future<?> start() {
    if (TokenStore.DEFAULT_TOKEN.equals(config.authToken()) && WARNED.compareAndSet(false, true)) {
      LOG.warning("\n**********************************************************************\n"
        + "* AUTH_TOKEN is the default 'dev-token': anyone who can reach port " + config.httpPort() + "\n"
        + "* can deploy and run code. Set AUTH_TOKEN (or authToken) to a secret.\n"
        + "**********************************************************************");
    }
    tls = GatewayTls.from(vertx, config);
    // function URLs are this gateway's (https: when it serves HTTPS), whichever node's controller answers
    FunctionUrls urls = new FunctionUrls(tls == null ? "http" : "https", config.httpHost(), () -> server.actualPort(),
      config.baseDomain());
    ControllerClient controller = new ControllerClient(vertx.eventBus(), urls);
    BuildQueries builder = new BuildQueries(vertx.eventBus());
    UploadStore uploads = new UploadStore(vertx, config.dataDir().resolve("uploads"), config.maxUploadBytes());
    JsonFailureHandler failures = new JsonFailureHandler();
    TokenStore tokens = TokenStore.from(config);
    router = Router.router(vertx);

    // 1. CORS first, so browser preflights are answered before auth
    List<String> origins = config.getList(ConfigKey.CORS_ORIGINS);
    if (!origins.isEmpty()) {
      router.route().handler(new CorsFilter(origins, Set.of("Authorization", "Content-Type", Names.Header.SPEC)));
    }
    // 2. open routes: health (load balancers, ./plat up) and the API's description
    router.get("/health").handler(new HealthHandler(config, docker, members));
    router.get("/api/openapi.yaml").handler(new OpenApiHandler());
    // 2a. node-to-node: a deploy's zip for a builder on another node, with the cluster secret only
    router.get(Names.NodePath.UPLOADS + ":id").handler(new ServeUploadHandler(ClusterSecret.of(config), uploads));
    // 2b. Prometheus metrics: scrapers send a bearer token too, unless the operator opened the route
    if (metrics != null) {
      Route scrape = router.get("/metrics");
      if (!config.getBoolean(ConfigKey.METRICS_PUBLIC)) {
        scrape.handler(new AuthHandler(tokens, Permission.MANAGE));
      }
      scrape.handler(new MetricsHandler(metrics));
    }
    // 2c. asynchronous invocations: the auth of /function/{name}, then the body (bounded: 413 above
    // asyncMaxBodyBytes), then stored and answered 202
    if (invocations != null) {
      BodyHandler asyncBody = BodyHandler.create(false).setBodyLimit(config.getLong(ConfigKey.ASYNC_MAX_BODY_BYTES));
      SubmitInvocationHandler submit = new SubmitInvocationHandler(invocations, directory,
        CallbackGuard.of(vertx, new CallbackTargets(config.getList(ConfigKey.CALLBACK_ALLOWED_HOSTS))), System::currentTimeMillis);
      AsyncAuth asyncAuth = new AsyncAuth(directory, tokens);
      for (String path : new String[] {"/async-function/:name", "/async-function/:name/*"}) {
        router.route(path).handler(asyncAuth);
        router.route(path).handler(asyncBody).handler(submit);
      }
    }
    // 3. auth over the whole management API
    router.route("/api/*").handler(new AuthHandler(tokens, Permission.MANAGE));
    // 4. API routes
    // a JSON deploy names the user's own image (no zip, no build); any other body is a zip upload
    router.post("/api/functions").consumes("application/json")
      .handler(BodyHandler.create(false).setBodyLimit(PATCH_BODY_LIMIT)).handler(new DeployImageHandler(controller));
    router.post("/api/functions").handler(new DeployFunctionHandler(controller, uploads, this::uploadSource));
    router.get("/api/functions").handler(new ListFunctionsHandler(controller));
    router.get("/api/functions/:name").handler(new GetFunctionHandler(controller));
    router.patch("/api/functions/:name").handler(BodyHandler.create(false).setBodyLimit(PATCH_BODY_LIMIT))
      .handler(new PatchFunctionHandler(controller));
    router.delete("/api/functions/:name").handler(new DeleteFunctionHandler(controller));
    router.post("/api/functions/:name/start").handler(new StartFunctionHandler(controller));
    router.post("/api/functions/:name/stop").handler(new StopFunctionHandler(controller));
    router.get("/api/functions/:name/versions").handler(new ListVersionsHandler(controller));
    router.post("/api/functions/:name/rollback").handler(BodyHandler.create(false).setBodyLimit(PATCH_BODY_LIMIT))
      .handler(new RollbackFunctionHandler(controller));
    router.put("/api/functions/:name/traffic").handler(BodyHandler.create(false).setBodyLimit(PATCH_BODY_LIMIT))
      .handler(new SetTrafficHandler(controller));
    peers = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000).setIdleTimeout(0),
      new PoolOptions().setHttp1MaxSize(64));
    router.get("/api/functions/:name/logs").handler(new FunctionLogsHandler(controller,
      new LocalLogs(docker, config.nodeId()), peers, ClusterSecret.of(config), logPeers));
    SecretSealer sealer = new SecretSealer(vertx, config);
    router.post("/api/secrets").handler(BodyHandler.create(false).setBodyLimit(SECRET_BODY_LIMIT))
      .handler(new PutSecretHandler(controller, sealer, true));
    router.get("/api/secrets").handler(new ListSecretsHandler(controller));
    router.put("/api/secrets/:name").handler(BodyHandler.create(false).setBodyLimit(SECRET_BODY_LIMIT))
      .handler(new PutSecretHandler(controller, sealer, false));
    router.delete("/api/secrets/:name").handler(new DeleteSecretHandler(controller));
    router.put("/api/registries/:host").handler(BodyHandler.create(false).setBodyLimit(PATCH_BODY_LIMIT))
      .handler(new RegistryLoginHandler(controller, sealer, RegistryLoginHandler.Kind.PUT));
    router.get("/api/registries").handler(new RegistryLoginHandler(controller, sealer, RegistryLoginHandler.Kind.LIST));
    router.delete("/api/registries/:host")
      .handler(new RegistryLoginHandler(controller, sealer, RegistryLoginHandler.Kind.DELETE));
    router.get("/api/builds/:id").handler(new GetBuildHandler(builder));
    router.get("/api/builds/:id/logs").handler(new BuildLogsHandler(builder));
    router.get("/api/events").handler(new EventsSocketHandler());
    router.get("/api/schedules").handler(new SchedulesHandler(vertx.eventBus(), invocations));
    if (invocations != null) {
      InvocationsHandler read = new InvocationsHandler(invocations);
      router.get("/api/invocations").handler(read.list());
      router.get("/api/invocations/:id").handler(read.get());
    }
    // 4b. the dashboard: static files, no auth (the page asks for a token and calls the API with it)
    String webroot = config.getPath(ConfigKey.WEBROOT).toAbsolutePath().toString();
    router.routeWithRegex(HttpMethod.GET, "^/(?!api/).*").method(HttpMethod.HEAD)
      .handler(StaticHandler.create(FileSystemAccess.ROOT, webroot).setCachingEnabled(false)
        .setIncludeHidden(false).setDefaultContentEncoding("UTF-8"));
    // 5. every failure and unmatched route as JSON {"error","code"}
    router.route().failureHandler(failures);
    for (int status : new int[] {400, 401, 403, 404, 405, 413, 415, 500}) {
      router.errorHandler(status, failures);
    }

    // 0. before the router: invocations by /function/{name}/** or by public host, straight to the data plane
    List<String> apiHosts = new ArrayList<>(config.getList(ConfigKey.API_HOSTS));
    apiHosts.add(config.httpHost());
    FrontDoor front = new FrontDoor(directory, invoker, tokens, config.baseDomain(), apiHosts, origins, router);
    // request bodies reach the proxy in pieces of up to 64 KiB (Netty's default: 8 KiB), so a streamed
    // upload is forwarded in 8x fewer chunks and writes
    // port 0 with several instances of this verticle: one free port shared by all of them (Vert.x's
    // negative port), not one each
    int port = config.httpPort() == 0 && context.getInstanceCount() > 1 ? -1 : config.httpPort();
    HttpServerOptions options = new HttpServerOptions().setHost(config.httpHost()).setPort(port)
      .setMaxChunkSize(MAX_CHUNK_SIZE).setHttp2ClearTextEnabled(config.getBoolean(ConfigKey.H2C));
    // 0c. HTTPS when tlsCert/tlsKey are set (tls, above): HTTP/2 by ALPN, HTTP/1.1 (and the fast path) otherwise
    Future<HttpServerOptions> ready = tls == null ? Future.succeededFuture(options) : tls.configure(options);
    // the secrets key is read (or made) before the port opens: an unusable key file stops the start
    return uploads.clear().compose(v -> sealer.load()).compose(v -> ready).compose(serverOptions -> {
      server = vertx.createHttpServer(serverOptions).requestHandler(front).invalidRequestHandler(new InvalidRequestHandler());
      server.connectionHandler(connectionHandler(front));
      RoleHealth.register(vertx, config.nodeId(), Role.GATEWAY.id(), () -> Future.succeededFuture(
        new JsonObject().put("state", RoleHealth.UP).put("port", server.actualPort())));
      return server.listen();
    }).compose(listening -> {
      if (tls == null) {
        return Future.succeededFuture();
      }
      vertx.setPeriodic(GatewayTls.CHECK_INTERVAL_MS, id -> reloadTls());
      // 0d. the plain-HTTP port that sends every request to HTTPS, when asked for
      Integer plain = (Integer) config.get(ConfigKey.HTTP_REDIRECT_PORT);
      if (plain == null) {
        return Future.succeededFuture();
      }
      redirect = vertx.createHttpServer(new HttpServerOptions().setHost(config.httpHost())
          .setPort(plain == 0 && context.getInstanceCount() > 1 ? -1 : plain))
        .requestHandler(new HttpsRedirect(server::actualPort));
      return redirect.listen();
    });
  }

  /**
   * Where builders on other nodes fetch upload {@code id}: this node's cluster host and HTTP port
   * ({@code httpHost} must then accept connections there: the cluster host itself, or 0.0.0.0).
   */
  private JsonObject uploadSource(String id) {
    String url = (tls == null ? "http" : "https") + "://" + config.clusterHost() + ":" + server.actualPort()
      + Names.NodePath.UPLOADS + id;
    return new JsonObject().put("node", config.nodeId()).put("url", url);
  }

  /** The plain-HTTP port that redirects to HTTPS, once started; -1 when there is none. */
  public int redirectPort() {
    return redirect == null ? -1 : redirect.actualPort();
  }

  /** 0a. Each new connection: the node's connection cap, then the header and keep-alive deadlines. */
  private Handler<HttpConnection> connectionHandler(FrontDoor front) {
    ConnectionLimits limits = ConnectionLimits.from(config);
    ConnectionCap cap = ConnectionCap.shared(vertx, context.deploymentID(), limits.maxConnections());
    boolean fastPath = config.getBoolean(ConfigKey.FAST_PATH);
    return connection -> {
      if (!cap.admit(connection)) {
        return;
      }
      ConnectionGuard.install(connection, limits);
      VersionCheck.install(connection);
      // 0b. below the front door: HTTP/1.x invocations served by the data plane on the connection itself
      if (fastPath) {
        invoker.serveConnection(connection, front);
      }
    };
  }

  /** The port the gateway listens on, once started: {@code httpPort}, or the free one picked for 0. */
  public int actualPort() {
    return server.actualPort();
  }

  /** Loads the TLS files again when they changed (every {@link GatewayTls#CHECK_INTERVAL_MS}); whether it did. */
  Future<Boolean> reloadTls() {
    return tls == null ? Future.succeededFuture(false) : tls.reloadIfChanged(server);
  }

  /** The router, once started (tests read its routes). */
  Router router() {
    return router;
  }
}
