package dev.plat.gateway;

import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.PlatConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileProps;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * The gateway's HTTPS ({@code tlsCert}, {@code tlsKey}: PEM files): the server's TLS options, HTTP/2
 * offered by ALPN beside HTTP/1.1, and a look at the files that loads them again into the running
 * server when they changed (size or modification time), so a renewed certificate is served to new
 * connections without a restart. With {@code tlsCertDir}, the certificates of that folder
 * ({@code NAME.pem} with its key {@code NAME.key}) are offered too, chosen by the name the client
 * asks for (SNI); {@code tlsCert} answers any other. The files are read without blocking; a set
 * that does not load (a key that does not match, a half-written file) leaves the server on the
 * certificates it has.
 */
public final class GatewayTls {
  /** How often the files are looked at. */
  public static final long CHECK_INTERVAL_MS = 5_000;
  private static final Logger LOG = Logger.getLogger(GatewayTls.class.getName());

  private final Vertx vertx;
  private final Path cert;
  private final Path key;
  /** The folder of per-domain certificates, or null. */
  private final Path dir;
  private String stamp;

  private GatewayTls(Vertx vertx, Path cert, Path key, Path dir) {
    this.vertx = vertx;
    this.cert = cert;
    this.key = key;
    this.dir = dir;
  }

  /** The HTTPS of {@code config}, or null when it serves plain HTTP. */
  public static GatewayTls from(Vertx vertx, PlatConfig config) {
    Path cert = config.getPath(ConfigKey.TLS_CERT);
    Path key = config.getPath(ConfigKey.TLS_KEY);
    return cert == null || key == null ? null : new GatewayTls(vertx, cert, key, config.getPath(ConfigKey.TLS_CERT_DIR));
  }

  /**
   * Reads the files and sets {@code options} to serve HTTPS with them.
   *
   * @return {@code options}, or a failure naming the file that cannot be read
   */
  public Future<HttpServerOptions> configure(HttpServerOptions options) {
    return load().map(pem -> {
      options.setSsl(true).setUseAlpn(true).setSni(dir != null).setKeyCertOptions(pem);
      // BoringSSL when its native library loads (linux-x86_64), else the JDK's engine
      return OpenSSLEngineOptions.isAvailable() ? options.setSslEngineOptions(new OpenSSLEngineOptions()) : options;
    });
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
          .setUseAlpn(true).setSni(dir != null)))
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
    return stamp().compose(now -> pairs().compose(pairs -> {
      List<Future<Buffer>> reads = new ArrayList<>();
      pairs.forEach(pair -> {
        reads.add(read(pair[0]));
        reads.add(read(pair[1]));
      });
      return Future.all(reads).map(all -> {
        PemKeyCertOptions pem = new PemKeyCertOptions();
        for (int i = 0; i < reads.size(); i += 2) {
          pem.addCertValue(all.resultAt(i)).addKeyValue(all.resultAt(i + 1));
        }
        stamp = now;
        return pem;
      });
    }));
  }

  /** The certificate and key files: tlsCert's first (the default), then each NAME.pem of the folder with its NAME.key. */
  private Future<List<Path[]>> pairs() {
    List<Path[]> pairs = new ArrayList<>();
    pairs.add(new Path[] {cert, key});
    if (dir == null) {
      return Future.succeededFuture(pairs);
    }
    return vertx.fileSystem().readDir(dir.toString(), ".*\\.pem").map(files -> {
      files.stream().sorted().forEach(file -> {
        Path pemFile = Path.of(file);
        String name = pemFile.getFileName().toString();
        pairs.add(new Path[] {pemFile, pemFile.resolveSibling(name.substring(0, name.length() - 4) + ".key")});
      });
      return pairs;
    });
  }

  private Future<Buffer> read(Path file) {
    return vertx.fileSystem().readFile(file.toString())
      .recover(err -> Future.failedFuture("cannot read " + file + ": " + err.getMessage()));
  }

  /** Size and modification time of every file, and which files the folder holds. */
  private Future<String> stamp() {
    return pairs().compose(pairs -> {
      List<Future<FileProps>> props = new ArrayList<>();
      pairs.forEach(pair -> {
        props.add(vertx.fileSystem().props(pair[0].toString()));
        props.add(vertx.fileSystem().props(pair[1].toString()));
      });
      return Future.all(props).map(all -> {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < props.size(); i++) {
          text.append(pairs.get(i / 2)[i % 2]).append('=').append(stamp(all.<FileProps>resultAt(i))).append(';');
        }
        return text.toString();
      });
    });
  }

  private static String stamp(FileProps props) {
    return props.size() + "@" + props.lastModifiedTime();
  }
}
