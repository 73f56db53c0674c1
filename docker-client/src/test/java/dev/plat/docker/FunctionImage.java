package dev.plat.docker;

import static dev.plat.docker.DockerTestSupport.PYTHON_BASE_IMAGE;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A tiny function for container tests: a python HTTP server on the unix socket {@code $PLAT_SOCKET}
 * (default {@code /run/plat/fn.sock}) that answers {@code hello from <path>}, logs "listening on"
 * to stdout and each request to stderr, and exits 0 on SIGTERM.
 */
public final class FunctionImage {

  public static final String SOCKET_IN_CONTAINER = "/run/plat/fn.sock";

  static final String APP = """
    import http.server, os, signal, socketserver, sys

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        def do_GET(self):
            body = ("hello from " + self.path).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        def address_string(self):
            return "unix"

    class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
        daemon_threads = True

    def stop(signum, frame):
        print("stopping on signal %d" % signum, flush=True)
        os._exit(0)

    path = os.environ.get("PLAT_SOCKET", "/run/plat/fn.sock")
    if os.path.exists(path):
        os.unlink(path)
    server = Server(path, Handler)
    os.chmod(path, 0o666)
    signal.signal(signal.SIGTERM, stop)
    print("listening on " + path, flush=True)
    server.serve_forever()
    """;

  static final String DOCKERFILE = """
    ARG BASE_IMAGE
    FROM ${BASE_IMAGE}
    COPY app.py /app/app.py
    WORKDIR /app
    CMD ["python3", "-u", "/app/app.py"]
    """;

  private FunctionImage() {
  }

  /** Builds the function image labelled for {@code runId}; @return its id. */
  public static Future<String> build(Vertx vertx, DockerClient docker, String runId) {
    BuildOptions options = BuildOptions.builder().buildArg("BASE_IMAGE", PYTHON_BASE_IMAGE)
      .labels(DockerTestSupport.testLabels(runId)).tag("plat-test/function-" + runId + ":1").build();
    return docker.buildImage(TarContext.dockerfile(DOCKERFILE).file("app.py", APP).toStream(vertx, 8192), options, null)
      .map(BuildResult::imageId);
  }

  /** @return a fresh host folder, writable by any user, to bind at {@code /run/plat} */
  public static Path socketFolder(String runId, String name) {
    try {
      Path dir = Files.createDirectories(Path.of("target", "it-sockets", runId, name).toAbsolutePath());
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
