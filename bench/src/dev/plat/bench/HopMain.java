package dev.plat.bench;

import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The hop between two nodes' proxies, stripped to plain Vert.x (none of Plat's own code), for
 * bench/hop.sh: which protocol between the proxies costs the least CPU per forwarded request.
 * One reverse proxy, one verticle per core, native transport:
 * <pre>
 *   java -cp plat-node.jar:classes dev.plat.bench.HopMain a PORT /path/origin.sock     # A: HTTP/1.1 and h2c server, to the origin's unix socket
 *   java -cp plat-node.jar:classes dev.plat.bench.HopMain b PORT 127.0.0.1:APORT h1 64 # B: HTTP/1.1 server, to A over HTTP/1.1 keep-alive (pool 64)
 *   java -cp plat-node.jar:classes dev.plat.bench.HopMain b PORT 127.0.0.1:APORT h2 1  # B: HTTP/1.1 server, to A over h2c (1 connection per loop)
 * </pre>
 * With {@code -Dhop.consolidate=true} every HTTP/2 connection (both ends) gets Netty's
 * {@link FlushConsolidationHandler}: its writes go out together at the end of each read, not one
 * system call per stream. Vert.x 5.0.7 has no option for it: the handler is put in through the
 * internal {@link ConnectionBase#channelHandlerContext()}.
 */
public final class HopMain extends VerticleBase {
  private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "keep-alive", "transfer-encoding",
    "upgrade", "te");
  /** Stands for the forwarding marks a node adds (its id and the cluster secret). */
  private static final String MARK = "x-plat-peer";
  private static final boolean CONSOLIDATE = Boolean.getBoolean("hop.consolidate");

  private final String role;
  private final int port;
  private final String target;
  private final String protocol;
  private final int connections;
  private HttpClient client;
  private RequestOptions upstream;

  private HopMain(String role, int port, String target, String protocol, int connections) {
    this.role = role;
    this.port = port;
    this.target = target;
    this.protocol = protocol;
    this.connections = connections;
  }

  public static void main(String[] args) {
    String role = args[0];
    int port = Integer.parseInt(args[1]);
    String protocol = args.length > 3 ? args[3] : "h1";
    int connections = args.length > 4 ? Integer.parseInt(args[4]) : protocol.equals("h2") ? 1 : 64;
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    int instances = Runtime.getRuntime().availableProcessors();
    vertx.deployVerticle(() -> new HopMain(role, port, args[2], protocol, connections),
        new DeploymentOptions().setInstances(instances))
      .onSuccess(id -> System.out.println("READY " + role + " " + protocol + " consolidate=" + CONSOLIDATE))
      .onFailure(t -> {
        t.printStackTrace();
        System.exit(1);
      });
  }

  @Override
  public Future<?> start() {
    if (role.equals("a")) {
      client = vertx.createHttpClient(new HttpClientOptions().setIdleTimeout(0), new PoolOptions().setHttp1MaxSize(64));
      upstream = new RequestOptions().setServer(SocketAddress.domainSocketAddress(target)).setHost("localhost").setPort(80);
    } else {
      String[] hostPort = target.split(":");
      HttpClientOptions options = new HttpClientOptions().setIdleTimeout(0);
      PoolOptions pool = new PoolOptions();
      if (protocol.equals("h2")) {
        options.setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false).setHttp2MultiplexingLimit(-1);
        pool.setHttp2MaxSize(connections);
      } else {
        pool.setHttp1MaxSize(connections);
      }
      client = vertx.httpClientBuilder().with(options).with(pool).withConnectHandler(HopMain::consolidate).build();
      upstream = new RequestOptions().setHost(hostPort[0]).setPort(Integer.parseInt(hostPort[1]));
    }
    HttpServerOptions server = new HttpServerOptions().setHost("127.0.0.1").setPort(port).setIdleTimeout(0)
      .setHttp2ClearTextEnabled(role.equals("a")).setInitialSettings(new Http2Settings().setMaxConcurrentStreams(1000));
    return vertx.createHttpServer(server).connectionHandler(HopMain::consolidate).requestHandler(this::forward).listen();
  }

  private static void consolidate(HttpConnection connection) {
    if (CONSOLIDATE && connection instanceof ConnectionBase base && connection.getClass().getSimpleName().contains("Http2")) {
      base.channelHandlerContext().pipeline().addFirst("flush-consolidation", new FlushConsolidationHandler(256, true));
    }
  }

  private void forward(HttpServerRequest request) {
    request.pause();
    client.request(new RequestOptions(upstream).setMethod(request.method()).setURI(request.uri())).onComplete(ar -> {
      if (ar.failed()) {
        fail(request, ar.cause());
        return;
      }
      var out = ar.result();
      copy(request.headers(), out.headers());
      if (role.equals("b")) {
        out.putHeader(MARK, "0123456789abcdef0123456789abcdef");
      }
      String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
      boolean body = length != null ? !length.equals("0") : request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
      Future<HttpClientResponse> sent;
      if (body) {
        sent = out.send(request);
      } else {
        request.resume();
        sent = out.send();
      }
      sent.onComplete(answered -> {
        if (answered.failed()) {
          fail(request, answered.cause());
          return;
        }
        HttpClientResponse in = answered.result();
        request.response().setStatusCode(in.statusCode());
        copy(in.headers(), request.response().headers());
        in.pipeTo(request.response());
      });
    });
  }

  private static void copy(MultiMap from, MultiMap to) {
    for (Map.Entry<String, String> header : from) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (!name.startsWith(":") && !NOT_FORWARDED.contains(name)) {
        to.add(name, header.getValue());
      }
    }
  }

  private static void fail(HttpServerRequest request, Throwable cause) {
    if (!request.response().headWritten()) {
      request.response().setStatusCode(502).end(String.valueOf(cause));
    }
  }
}
