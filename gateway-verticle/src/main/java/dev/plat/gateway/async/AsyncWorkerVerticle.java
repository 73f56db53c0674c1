package dev.plat.gateway.async;

import dev.plat.cluster.CallbackTargets;
import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.Names;
import dev.plat.cluster.PlatConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The asynchronous invocations' worker of one node (deploy one per node with the gateway role,
 * once the gateway listens): when any node stores an invocation, and every {@value #POLL_MS} ms, it claims due invocations up to {@code
 * asyncConcurrency} and runs them through the gateway over loopback ({@link LoopbackCaller}); every
 * {@value #REAP_MS} ms it puts back in the queue those claimed by members that left the cluster,
 * and takes over the pending callbacks nobody alive is sending ({@link CallbackSender}).
 * It also answers the schedules' ticks ({@link ScheduleDesk}).
 * Only wires; the logic is in {@link AsyncWorker}, {@link AttemptRunner}, {@link OrphanReaper} and
 * {@link CallbackReaper}.
 */
public final class AsyncWorkerVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(AsyncWorkerVerticle.class.getName());
  static final long POLL_MS = 200;
  static final long REAP_MS = 2_000;
  /** The longest an attempt may be silent (the function's own timeout normally ends it first). */
  static final long ATTEMPT_IDLE_TIMEOUT_MS = 15 * 60_000L;
  static final long CALLBACK_TIMEOUT_MS = 10_000;
  static final int MAX_PENDING_CALLBACKS = 1_000;

  private final PlatConfig config;
  private final InvocationStore store;
  private final MeterRegistry metrics;
  private final String claim;
  private final Supplier<Set<String>> liveClaims;
  /** Kept: a client nobody holds may be closed. */
  private HttpClient gateway;
  private HttpClient callbacks;

  /**
   * @param config     with the gateway's bound port
   * @param claim      this node's Hazelcast member id
   * @param liveClaims the member ids in the cluster now
   */
  public AsyncWorkerVerticle(PlatConfig config, InvocationStore store, MeterRegistry metrics, String claim,
      Supplier<Set<String>> liveClaims) {
    this.config = config;
    this.store = store;
    this.metrics = metrics;
    this.claim = claim;
    this.liveClaims = liveClaims;
  }

  @Override
  public Future<?> start() {
    int concurrency = config.getInt(ConfigKey.ASYNC_CONCURRENCY);
    RetryPolicy policy = new RetryPolicy(config.getInt(ConfigKey.ASYNC_MAX_ATTEMPTS), config.getLong(ConfigKey.ASYNC_RETRY_DELAY_MS));
    boolean tls = config.get(ConfigKey.TLS_CERT) != null;
    gateway = vertx.createHttpClient(new HttpClientOptions().setSsl(tls).setTrustAll(tls).setVerifyHost(false)
      .setConnectTimeout(5_000), new PoolOptions().setHttp1MaxSize(concurrency));
    callbacks = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000), new PoolOptions().setHttp1MaxSize(16));
    String host = loopback(config.httpHost());
    LoopbackCaller caller = new LoopbackCaller(gateway, host, config.httpPort(), config.authToken(),
      config.getLong(ConfigKey.ASYNC_MAX_BODY_BYTES), ATTEMPT_IDLE_TIMEOUT_MS, System::currentTimeMillis);
    CallbackSender sender = new CallbackSender(vertx, callbacks, policy,
      CallbackGuard.of(vertx, new CallbackTargets(config.getList(ConfigKey.CALLBACK_ALLOWED_HOSTS))), store,
      System::currentTimeMillis, CALLBACK_TIMEOUT_MS, MAX_PENDING_CALLBACKS);
    AsyncWorker.Listener listener = metrics == null ? new AsyncWorker.Listener() { } : new AsyncMetrics(metrics);
    AttemptRunner runner = new AttemptRunner(store, caller::call, policy, System::currentTimeMillis, sender, listener);
    AsyncWorker worker = new AsyncWorker(store, runner, System::currentTimeMillis, config.nodeId(), claim, concurrency,
      listener);
    OrphanReaper orphans = new OrphanReaper(store, System::currentTimeMillis);
    CallbackReaper pendingCallbacks = new CallbackReaper(store, System::currentTimeMillis, config.nodeId(), claim, sender);
    // a new invocation anywhere wakes an idle worker at once; the poll finds retries and misses
    io.vertx.core.Context here = context;
    store.onCreated(() -> here.runOnContext(v -> worker.wake()));
    // schedules' ticks, fired by the leading controller (any gateway node may answer)
    ScheduleDesk desk = new ScheduleDesk(store, System::currentTimeMillis);
    var ticks = vertx.eventBus().<JsonObject>consumer(Names.Address.SCHEDULE_TICKS, desk::handle);
    vertx.setPeriodic(POLL_MS, id -> worker.poll().onFailure(e -> LOG.fine(() -> "async poll: " + e)));
    vertx.setPeriodic(REAP_MS, id -> {
      Set<String> live = liveClaims.get();
      orphans.reap(live).onSuccess(n -> {
        if (n > 0) {
          LOG.info(() -> n + " asynchronous invocations of departed nodes queued again");
        }
      }).onFailure(e -> LOG.fine(() -> "async reap: " + e));
      pendingCallbacks.reap(live).onSuccess(n -> {
        if (n > 0) {
          LOG.info(() -> n + " pending callbacks taken over (their node left, or this one had no room)");
        }
      }).onFailure(e -> LOG.fine(() -> "callback reap: " + e));
    });
    return ticks.completion();
  }

  /** The address to reach this node's gateway on: its bind address, or loopback when it binds every address. */
  static String loopback(String httpHost) {
    return switch (httpHost) {
      case "0.0.0.0", "::", "[::]", "" -> "127.0.0.1";
      default -> httpHost;
    };
  }
}
