package dev.plat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Function folders written by the invocation tests ({@code plat.json} + {@code handler.py}) and
 * deployed with {@code plat deploy}, as a user does. {@link #HANDLER} is one python-flask handler
 * with a route per behaviour the tests need.
 */
final class TestFunctions {
  /**
   * The handler; {@code @VERSION@} is replaced by a version string. Paths: {@code /sleep?s=N}
   * (sleeps, then answers "slept VERSION"), {@code /fail} (500 JSON), {@code /version},
   * {@code /count} (reads the body from {@code req.stream}, answers {"bytes": n}),
   * {@code /download?mb=N} (N MiB of 'x' from a generator, 1 MiB per chunk), {@code /lines?until=F&s=N}
   * (yields a line, waits until a file named F appears beside its socket, at most N s, yields
   * another: the test decides when the second line comes), {@code /crash} (the worker process exits);
   * anything else echoes the request as JSON.
   */
  static final String HANDLER = """
    import os
    import time

    VERSION = "@VERSION@"


    def handle(req):
        path = req.path
        if path == "/sleep":
            time.sleep(float(req.query.get("s", "1")))
            return "slept " + VERSION + "\\n"
        if path == "/fail":
            return {"error": "asked to fail"}, 500
        if path == "/version":
            return VERSION + "\\n"
        if path == "/crash":
            os._exit(1)
        if path == "/count":
            total = 0
            while True:
                chunk = req.stream.read(1 << 20)
                if not chunk:
                    break
                total += len(chunk)
            return {"bytes": total}
        if path == "/download":
            mb = int(req.query.get("mb", "1"))
            block = b"x" * (1 << 20)

            def blocks():
                for _ in range(mb):
                    yield block
            return blocks()
        if path == "/lines":
            signal = os.path.join(os.path.dirname(os.environ.get("PLAT_SOCKET", "/run/plat/fn.sock")),
                                  os.path.basename(req.query.get("until", "go")))
            deadline = time.monotonic() + float(req.query.get("s", "60"))

            def lines():
                yield "first\\n"
                while not os.path.exists(signal) and time.monotonic() < deadline:
                    time.sleep(0.05)
                yield "second\\n"
            return lines()
        body = req.body
        is_json = req.headers.get("content-type", "").startswith("application/json")
        return {"method": req.method, "path": path, "query": req.query_string, "headers": dict(req.headers),
                "body": body.decode("utf-8", "replace"), "json": req.json() if is_json else None, "version": VERSION}
    """;

  private TestFunctions() {
  }

  /** {@code plat.json} for a python-flask function; callers add limits, scaling, project... */
  static JsonObject manifest(String name) {
    return new JsonObject().put("name", name).put("runtime", "python-flask");
  }

  /** Writes {@code parent/<name>/plat.json} and {@code handler.py} (version {@code version}); returns the folder. */
  static Path write(Path parent, JsonObject manifest, String version) {
    Path dir = parent.resolve(manifest.getString("name"));
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("plat.json"), manifest.encodePrettily());
      Files.writeString(dir.resolve("handler.py"), HANDLER.replace("@VERSION@", version));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the folder and runs {@code plat deploy} in it; fails the test unless it exits 0. */
  static Path deploy(PlatCli cli, NodeProcess node, Path parent, JsonObject manifest, String version) {
    Path dir = write(parent, manifest, version);
    PlatCli.Result deploy = cli.run(dir, "deploy");
    assertEquals(0, deploy.exit(), () -> "plat deploy of " + manifest.encode() + ": " + deploy + "\n" + node.output());
    return dir;
  }
}
