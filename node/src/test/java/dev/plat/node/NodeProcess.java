package dev.plat.node;

import dev.plat.cluster.testing.ChildJvm;
import dev.plat.cluster.testing.FreePorts;
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
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A Plat node run as a user runs it: {@code java ... dev.plat.node.NodeMain} in its own JVM (-Xmx256m
 * unless the JVM options given say otherwise, and the Hazelcast options of {@link ChildJvm}) on
 * 127.0.0.1 ports it picks itself (port 0) and reports in {@code <dataDir>/ports.json} (read by
 * {@link #ports()}), a unique cluster name, the repository's runtimes and a known admin token.
 * Its output goes to {@code node-<id>-<n>.log} in the data dir. {@link #close()} kills it if it
 * still runs.
 */
public final class NodeProcess implements AutoCloseable {
  /** The admin token ({@code --auth-token}) of every node started here. */
  public static final String ADMIN_TOKEN = "e2e-admin-token";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static int started;

  private final Process process;
  private final Path log;
  private final Path dataDir;
  private final String nodeId;
  private JsonObject ports;

  private NodeProcess(Process process, Path log, Path dataDir, String nodeId) {
    this.process = process;
    this.log = log;
    this.dataDir = dataDir;
    this.nodeId = nodeId;
  }

  /** Starts a node with all roles on {@code dataDir} and waits until its /health says up. */
  static NodeProcess startHealthy(Path dataDir, String nodeId, String... extraFlags) throws IOException {
    return startHealthy(dataDir, nodeId, List.of(), extraFlags);
  }

  /**
   * {@link #startHealthy(Path, String, String...)} with more JVM options, placed after the defaults
   * so that they win (e.g. {@code -Xmx64m}).
   */
  public static NodeProcess startHealthy(Path dataDir, String nodeId, List<String> jvmOptions, String... extraFlags)
      throws IOException {
    NodeProcess node = start(dataDir, nodeId, jvmOptions, extraFlags);
    try {
      node.awaitHealthy();
    } catch (RuntimeException | Error e) {
      node.close();
      throw e;
    }
    return node;
  }

  /** Starts a node with all roles on {@code dataDir}, without waiting. */
  static NodeProcess start(Path dataDir, String nodeId, String... extraFlags) throws IOException {
    return start(dataDir, nodeId, List.of(), extraFlags);
  }

  /** {@link #start(Path, String, String...)} with more JVM options after the defaults. */
  static NodeProcess start(Path dataDir, String nodeId, List<String> jvmOptions, String... extraFlags)
      throws IOException {
    return startInCluster(dataDir, nodeId, FreePorts.clusterName(), jvmOptions, extraFlags);
  }

  /**
   * Starts a node of cluster {@code clusterName} without waiting: nodes started with the same name
   * (and {@code --cluster-members}, {@code --cluster-secret} in {@code extraFlags}) form one cluster.
   */
  static NodeProcess startInCluster(Path dataDir, String nodeId, String clusterName, List<String> jvmOptions,
      String... extraFlags) throws IOException {
    return startInCluster(List.of(), dataDir, nodeId, clusterName, jvmOptions, extraFlags);
  }

  /**
   * {@link #startInCluster(Path, String, String, List, String...)} run by {@code wrapper} (a command
   * that ends by running its arguments, e.g. {@code unshare} into a mount namespace of its own).
   */
  static NodeProcess startInCluster(List<String> wrapper, Path dataDir, String nodeId, String clusterName,
      List<String> jvmOptions, String... extraFlags) throws IOException {
    List<String> defaults = List.of("--http-port", "0", "--proxy-port", "0", "--cluster-port", "0",
      "--cluster-name", clusterName, "--data-dir", dataDir.toString(), "--node-id", nodeId,
      "--runtimes-dir", runtimesDir().toString(), "--auth-token", ADMIN_TOKEN);
    List<String> given = List.of(extraFlags);
    List<String> flags = new ArrayList<>();
    // a default flag given in extraFlags (e.g. the --cluster-name of a multi-node test) is left out here
    for (int i = 0; i < defaults.size(); i += 2) {
      if (!given.contains(defaults.get(i))) {
        flags.addAll(defaults.subList(i, i + 2));
      }
    }
    flags.addAll(given);
    Files.createDirectories(dataDir);
    // the file of an earlier start on this data dir must not be taken for this one's
    Files.deleteIfExists(dataDir.resolve(PortsFile.NAME));
    List<String> command = new ArrayList<>(wrapper);
    command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-Xmx256m", "-Djava.net.preferIPv4Stack=true"));
    command.addAll(ChildJvm.HAZELCAST_JVM_OPTIONS);
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), NodeChildMain.class.getName()));
    command.addAll(flags);
    Path log = logFile(dataDir, nodeId);
    // stdin stays open: NodeChildMain halts when it closes, i.e. when the test JVM is gone
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new NodeProcess(process, log, dataDir, nodeId);
  }

  /** Runs {@code NodeMain} with exactly {@code flags}, e.g. to see it refuse a bad one. */
  static ChildJvm startRaw(Path log, String... flags) throws IOException {
    return ChildJvm.start(NodeChildMain.class, log, List.of(flags));
  }

  /** The repository's {@code runtimes/} folder (system property {@code plat.runtimesDir}, set by failsafe). */
  static Path runtimesDir() {
    String dir = System.getProperty("plat.runtimesDir");
    return dir != null ? Path.of(dir).toAbsolutePath().normalize() : repoRoot().resolve("runtimes");
  }

  /** The repository root (system property {@code plat.home}, else the parent of the module folder). */
  static Path repoRoot() {
    String home = System.getProperty("plat.home");
    Path root = home != null ? Path.of(home) : Path.of("").toAbsolutePath().getParent();
    return root.toAbsolutePath().normalize();
  }

  private static synchronized Path logFile(Path dataDir, String nodeId) {
    return dataDir.resolve("node-" + nodeId + "-" + (++started) + ".log");
  }

  /**
   * The ports the node listens on, {@code {"http", "proxy", "cluster"}}, as it wrote them to
   * {@code <dataDir>/ports.json} once every role had started; waits for the file, fails at once when
   * the process exits.
   */
  public synchronized JsonObject ports() {
    if (ports == null) {
      ports = awaitPorts(dataDir, process, this::output);
    }
    return ports;
  }

  /** Waits until {@code process}, a node on {@code dataDir}, has written its ports file, and reads it. */
  public static JsonObject awaitPorts(Path dataDir, Process process, Supplier<String> output) {
    Path file = dataDir.resolve(PortsFile.NAME);
    return Poll.until(START_TIMEOUT, "the node to write " + file, () -> {
      if (!process.isAlive()) {
        throw new AssertionError("the node exited with " + process.exitValue() + ":\n" + output.get());
      }
      // written whole in one rename: present means complete
      return Files.exists(file) ? new JsonObject(Files.readString(file)) : null;
    }, output);
  }

  /** Polls /health until it answers 200 with status up; fails at once when the process exits. */
  JsonObject awaitHealthy() {
    return awaitHealth("status up", health -> "up".equals(health.getString("status")));
  }

  /**
   * Polls /health until its {@code cluster.backupsInSync} is true: every partition this member owns
   * has its backups in sync (none migrating), so the loss of one more member loses nothing
   * acknowledged. Call it on every live node before a kill that must lose nothing.
   */
  void awaitBackupsInSync() {
    awaitHealth("its backups in sync", health -> {
      JsonObject cluster = health.getJsonObject("cluster");
      return cluster != null && Boolean.TRUE.equals(cluster.getBoolean("backupsInSync"));
    });
  }

  /** Polls /health until it answers 200 with a body that {@code done} accepts; fails at once when the process exits. */
  private JsonObject awaitHealth(String what, Predicate<JsonObject> done) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/health")).timeout(Duration.ofSeconds(5)).build();
    return Poll.until(START_TIMEOUT, "node " + nodeId + " to answer /health with " + what, () -> {
      if (!process.isAlive()) {
        throw new AssertionError("node " + nodeId + " exited with " + process.exitValue() + ":\n" + output());
      }
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonObject health = response.statusCode() == 200 ? new JsonObject(response.body()) : null;
        return health != null && done.test(health) ? health : null;
      } catch (IOException notListeningYet) {
        return null;
      }
    }, this::output);
  }

  /** Waits until the node's output holds {@code text}, e.g. the "up" line logged once every role started. */
  void awaitOutput(String text) {
    Poll.untilTrue(START_TIMEOUT, "'" + text + "' in the output of node " + nodeId, () -> {
      if (!process.isAlive()) {
        throw new AssertionError("node " + nodeId + " exited with " + process.exitValue() + ":\n" + output());
      }
      return output().contains(text);
    }, this::output);
  }

  /**
   * SIGTERM, then waits up to 30 s for the process to end; true when it did. Its unassigned pool
   * containers are then removed (a node started again on the same id would replace them anyway).
   */
  public boolean stop() throws InterruptedException {
    // Through the handle: Process.destroy() would also close the child's stdin, which NodeChildMain
    // takes for the test JVM's death and halts at once, cutting the clean stop short.
    process.toHandle().destroy();
    boolean stopped = process.waitFor(30, TimeUnit.SECONDS);
    if (stopped) {
      removePool(nodeId, true);
    }
    return stopped;
  }

  /** SIGKILL, as a crash or {@code kill -9} would, and waits for the process to be gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("node " + nodeId + " survived SIGKILL for 30 s");
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  Process process() {
    return process;
  }

  /** The gateway's base URL, {@code http://127.0.0.1:<httpPort>}. */
  public String url() {
    return "http://127.0.0.1:" + ports().getInteger("http");
  }

  /** The node-to-node proxy port's base URL. */
  public String proxyUrl() {
    return "http://127.0.0.1:" + ports().getInteger("proxy");
  }

  /** The secret the node generated into its data directory (it was started without {@code --cluster-secret}). */
  public String clusterSecret() {
    try {
      return Files.readString(dataDir.resolve(dev.plat.cluster.ClusterSecret.FILE)).strip();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  String nodeId() {
    return nodeId;
  }

  Path dataDir() {
    return dataDir;
  }

  /** The node's output so far. */
  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  /** Kills the node if it still runs, then removes the pool containers it left (its node id only). */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    removePool(nodeId, false);
  }

  /**
   * Removes the pool containers of {@code nodeId} (only those serving no function yet when
   * {@code unassignedOnly}); a missing dockerd is not this cleanup's to report.
   */
  static void removePool(String nodeId, boolean unassignedOnly) {
    try (FunctionDocker docker = FunctionDocker.require()) {
      docker.removePool(nodeId, unassignedOnly);
    } catch (RuntimeException | Error e) {
      System.err.println("cleanup of the pool of " + nodeId + " failed: " + e);
    }
  }

  /**
   * Stops {@code node} with SIGTERM (asserting it stopped in time), then, whatever happened, removes
   * the containers and images of {@code functions} and closes {@code docker}. Either may be null.
   */
  static void stopAndRemove(NodeProcess node, FunctionDocker docker, Iterable<String> functions) throws Exception {
    try {
      if (node != null) {
        org.junit.jupiter.api.Assertions.assertTrue(node.stop(), "the node did not stop within 30 s of SIGTERM");
      }
    } finally {
      if (docker != null) {
        docker.removeAll(functions);
        if (node != null) {
          docker.removePool(node.nodeId());
        }
        docker.close();
      }
    }
  }
}
