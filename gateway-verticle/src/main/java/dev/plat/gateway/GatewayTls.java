package dev.plat.gateway;

import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.PlatConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileProps;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * The gateway's HTTPS ({@code tlsCert}, {@code tlsKey}: PEM files): the server's TLS options, HTTP/2
 * offered by ALPN beside HTTP/1.1, and a look at the files that loads them again into the running
 * server when they changed (size or modification time), so a renewed certificate is served to new
 * connections without a restart. The files are read without blocking; a pair that does not load
 * (a key that does not match, a half-written file) leaves the server on the certificate it has.
 */
public final class GatewayTls {
  /** How often the files are looked at. */
  public static final long CHECK_INTERVAL_MS = 5_000;
  private static final Logger LOG = Logger.getLogger(GatewayTls.class.getName());

  private final Vertx vertx;
  private final Path cert;
  private final Path key;
  private String stamp;

  private GatewayTls(Vertx vertx, Path cert, Path key) {
    this.vertx = vertx;
    this.cert = cert;
    this.key = key;
  }

  /** The HTTPS of {@code config}, or null when it serves plain HTTP. */
  public static GatewayTls from(Vertx vertx, PlatConfig config) {
    Path cert = config.getPath(ConfigKey.TLS_CERT);
    Path key = config.getPath(ConfigKey.TLS_KEY);
    return cert == null || key == null ? null : new GatewayTls(vertx, cert, key);
  }

  /**
   * Reads the files and sets {@code options} to serve HTTPS with them.
   *
   * @return {@code options}, or a failure naming the file that cannot be read
   */
  public Future<HttpServerOptions> configure(HttpServerOptions options) {
    return load().map(pem -> options.setSsl(true).setUseAlpn(true).setKeyCertOptions(pem));
  }

  /**
   * Loads the files into {@code server} when they changed since the last load.
   *
   * @return whether the server took a new certificate
   */
  public Future<Boolean> reloadIfChanged(HttpServer server) {
    return stamp().compose(now -> {
      if (now.equals(stamp)) {
        return Future.succeededFuture(false);
      }
      return load().compose(pem -> server.updateSSLOptions(new ServerSSLOptions().setKeyCertOptions(pem)
          .setUseAlpn(true)))
        .onSuccess(updated -> LOG.info("gateway TLS: loaded " + cert + " and " + key + " again"))
        .recover(err -> {
          LOG.warning("gateway TLS: " + cert + " and " + key + " changed but do not load (" + err.getMessage()
            + "); the gateway keeps its certificate");
          stamp = now;  // not again until they change once more
          return Future.succeededFuture(false);
        });
    });
  }

  private Future<PemKeyCertOptions> load() {
    return stamp().compose(now -> Future.all(read(cert), read(key)).map(both -> {
      stamp = now;
      return new PemKeyCertOptions().setCertValue(both.resultAt(0)).setKeyValue(both.resultAt(1));
    }));
  }

  private Future<Buffer> read(Path file) {
    return vertx.fileSystem().readFile(file.toString())
      .recover(err -> Future.failedFuture("cannot read " + file + ": " + err.getMessage()));
  }

  /** Size and modification time of both files. */
  private Future<String> stamp() {
    return Future.all(vertx.fileSystem().props(cert.toString()), vertx.fileSystem().props(key.toString()))
      .map(both -> stamp(both.resultAt(0)) + "/" + stamp(both.resultAt(1)));
  }

  private static String stamp(FileProps props) {
    return props.size() + "@" + props.lastModifiedTime();
  }
}
