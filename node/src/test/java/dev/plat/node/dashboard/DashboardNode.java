package dev.plat.node.dashboard;

import dev.plat.cluster.testing.TestCertificates;
import dev.plat.node.NodeProcess;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A Plat node for the dashboard tests: {@code dev.plat.node.NodeMain} in its own JVM with all roles on
 * 127.0.0.1 ports it picks itself the first time (port 0, read from its {@code ports.json}), the
 * repository's {@code runtimes/} and {@code webroot/}, and a known admin token. It can be killed and
 * started again on the same ports and data (a gateway restart: the page reconnects to the same
 * origin). Also a small REST client for what the tests do behind the page's back. Given a
 * certificate it serves HTTPS only ({@code --tls-cert}/{@code --tls-key}) and the client trusts that
 * certificate alone.
 */
public final class DashboardNode implements AutoCloseable {
  public static final String TOKEN = "dashboard-it-token";
  private static final List<String> JVM_OPTIONS = List.of("-Xmx320m", "-Djava.net.preferIPv4Stack=true",
    "--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens", "java.management/sun.management=ALL-UNNAMED",
    "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");

  private final HttpClient http;
  private final String scheme;
  private final Path dataDir;
  private final List<String> flags;
  /** 0 until the first start has bound them; then the ports of every later start. */
  private int httpPort;
  private int proxyPort;
  private int clusterPort;
  private Process process;
  private int starts;

  /** A node {@code dashboard-it} serving plain HTTP. */
  public DashboardNode(Path dataDir) {
    this(dataDir, "dashboard-it", null);
  }

  /** A node {@code nodeId}, serving HTTPS only with {@code tls} when not null. */
  public DashboardNode(Path dataDir, String nodeId, TestCertificates.Pair tls) {
    this.dataDir = dataDir;
    Path repo = repoRoot();
    List<String> all = new ArrayList<>(List.of("--cluster-name", "dash-" + UUID.randomUUID().toString().substring(0, 8),
      "--data-dir", dataDir.toString(), "--node-id", nodeId, "--auth-token", TOKEN,
      "--runtimes-dir", repo.resolve("runtimes").toString(), "--webroot", repo.resolve("webroot").toString()));
    HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
    if (tls != null) {
      all.addAll(List.of("--tls-cert", tls.cert().toString(), "--tls-key", tls.key().toString()));
      client.sslContext(TestCertificates.trusting(tls.cert()));
    }
    this.flags = List.copyOf(all);
    this.scheme = tls == null ? "http" : "https";
    this.http = client.build();
  }

  /** The checkout's root: the folder above {@code node/} holding {@code webroot/} and {@code runtimes/}. */
  public static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !(Files.isDirectory(dir.resolve("webroot")) && Files.isDirectory(dir.resolve("runtimes")))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no webroot/ and runtimes/ above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  public String baseUrl() {
    return scheme + "://127.0.0.1:" + httpPort;
  }

  /** Starts the node (again) and waits until /health says up. */
  public void start() throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(JVM_OPTIONS);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.plat.node.NodeMain"));
    cmd.addAll(flags);
    cmd.addAll(List.of("--http-port", String.valueOf(httpPort), "--proxy-port", String.valueOf(proxyPort),
      "--cluster-port", String.valueOf(clusterPort)));
    Path log = dataDir.resolve("node-" + (++starts) + ".log");
    Files.deleteIfExists(dataDir.resolve("ports.json"));
    process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    JsonObject ports = NodeProcess.awaitPorts(dataDir, process, this::logs);
    httpPort = ports.getInteger("http");
    proxyPort = ports.getInteger("proxy");
    clusterPort = ports.getInteger("cluster");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("node exited: " + Files.readString(log));
      }
      try {
        if (get("/health").statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      process.waitFor(200, TimeUnit.MILLISECONDS);
    }
    throw new AssertionError("node not healthy within 90 s: " + Files.readString(log));
  }

  /** Kills the node at once, as a crash or a restart would. */
  public void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    }
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send("GET", path);
  }

  public HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(60))
      .header("Authorization", "Bearer " + TOKEN).method(method, HttpRequest.BodyPublishers.noBody()).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** A request with a JSON body (PATCH of a function, a secret...). */
  public HttpResponse<String> sendJson(String method, String path, String json) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(120))
      .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
      .method(method, HttpRequest.BodyPublishers.ofString(json)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Deploys {@code zip} as function {@code name} of {@code runtime} through the API (as the CLI would). */
  public HttpResponse<String> deploy(String name, String runtime, Path zip) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/functions?name=" + name + "&runtime=" + runtime))
      .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/zip")
      .POST(HttpRequest.BodyPublishers.ofFile(zip)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The node's output so far, for failure messages. */
  public String logs() {
    StringBuilder out = new StringBuilder();
    for (int i = 1; i <= starts; i++) {
      try {
        out.append(Files.readString(dataDir.resolve("node-" + i + ".log")));
      } catch (IOException e) {
        out.append(e);
      }
    }
    return out.length() > 20000 ? out.substring(out.length() - 20000) : out.toString();
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
