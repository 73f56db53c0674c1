package dev.plat.node;

import static dev.plat.docker.DockerTestSupport.await;
import static dev.plat.docker.DockerTestSupport.ignoreNotFound;

import dev.plat.cluster.Names;
import dev.plat.cluster.testing.FreePorts;
import dev.plat.docker.ContainerSummary;
import dev.plat.docker.DockerClient;
import dev.plat.docker.DockerFilters;
import dev.plat.docker.ExtraDockerds;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Three Plat nodes on 127.0.0.1 as three hosts would run them: each its own JVM ({@link NodeProcess})
 * with all roles, its own data dir and its own Docker engine (one of the extra dockerds of
 * {@code scripts/ensure-dockerds.sh}, given as {@code --docker-host}), all with one cluster name
 * and cluster secret, the second and third joining the first by {@code --cluster-members}, and the
 * registry on 127.0.0.1:5000 shared. The engines can be asked directly ({@link #engine(int)},
 * {@link #containers(int, DockerFilters)}). Without three extra dockerds a test using it fails under
 * {@code PLAT_REQUIRE_DOCKER=1} and is skipped otherwise. {@link #close()} kills the nodes and
 * removes every container labelled with their node ids from their engines.
 */
public final class MultiHostCluster implements AutoCloseable {
  /** How many nodes (and extra engines). */
  public static final int SIZE = 3;
  private static final String[] LETTERS = {"a", "b", "c"};

  private final Vertx vertx = Vertx.vertx();
  private final String clusterName = FreePorts.clusterName();
  private final String secret = randomSecret();
  private final String run = UUID.randomUUID().toString().substring(0, 6);
  private final List<String> sockets = new ArrayList<>();
  private final List<DockerClient> engines = new ArrayList<>();
  private final List<NodeProcess> nodes = new ArrayList<>();
  private final List<String> nodeIds = new ArrayList<>();
  private final Map<Integer, List<String>> nodeFlags = new HashMap<>();
  private final List<String> extraFlags = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private MultiHostCluster() {
  }

  /**
   * Starts the three nodes under {@code root} (one data dir each) and waits until each answers
   * /health with status up; {@code extraFlags} go to every node.
   */
  public static MultiHostCluster start(Path root, String... extraFlags) throws IOException {
    return start(root, Map.of(), extraFlags);
  }

  /**
   * {@link #start(Path, String...)} with more flags for some nodes ({@code nodeFlags}: node index
   * to its own flags, e.g. {@code --roles}), kept for its restarts.
   */
  public static MultiHostCluster start(Path root, Map<Integer, List<String>> nodeFlags, String... extraFlags)
      throws IOException {
    MultiHostCluster cluster = new MultiHostCluster();
    cluster.nodeFlags.putAll(nodeFlags);
    cluster.extraFlags.addAll(List.of(extraFlags));
    try {
      cluster.connectEngines();
      cluster.startNodes(root, extraFlags);
      return cluster;
    } catch (RuntimeException | Error | IOException e) {
      cluster.close();
      throw e;
    }
  }

  private void connectEngines() {
    engines.addAll(ExtraDockerds.require(vertx, SIZE));
    sockets.addAll(ExtraDockerds.sockets().subList(0, SIZE));
  }

  private void startNodes(Path root, String... extraFlags) throws IOException {
    for (int i = 0; i < SIZE; i++) {
      nodeIds.add("mh-" + run + "-" + LETTERS[i]);
    }
    nodes.add(NodeProcess.start(root.resolve(LETTERS[0]), nodeIds.get(0), flags(0, null, extraFlags)));
    String first = "127.0.0.1:" + nodes.get(0).ports().getInteger("cluster");
    for (int i = 1; i < SIZE; i++) {
      nodes.add(NodeProcess.start(root.resolve(LETTERS[i]), nodeIds.get(i), flags(i, first, extraFlags)));
    }
    nodes.forEach(NodeProcess::awaitHealthy);
  }

  private String[] flags(int index, String join, String... extraFlags) {
    List<String> flags = new ArrayList<>(nodeFlags.getOrDefault(index, List.of()));
    flags.addAll(List.of("--docker-host", ExtraDockerds.host(sockets.get(index)),
      "--cluster-name", clusterName, "--cluster-secret", secret, "--cluster-size", String.valueOf(SIZE)));
    if (join != null) {
      flags.addAll(List.of("--cluster-members", join));
    }
    flags.addAll(List.of(extraFlags));
    return flags.toArray(String[]::new);
  }

  private static String randomSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  /**
   * Starts node {@code i} again on its data dir and engine (after a kill), joining the members
   * at {@code join} ({@code host:port}, empty to start a cluster anew); does not wait for it.
   */
  public NodeProcess restart(Path root, int i, List<String> join) throws IOException {
    List<String> flags = new ArrayList<>(List.of(flags(i, join.isEmpty() ? null : String.join(",", join),
      extraFlags.toArray(String[]::new))));
    NodeProcess node = NodeProcess.start(root.resolve(LETTERS[i]), nodeIds.get(i), flags.toArray(String[]::new));
    nodes.set(i, node);
    return node;
  }

  /** Node {@code i} (0, 1, 2: A, B, C). */
  public NodeProcess node(int i) {
    return nodes.get(i);
  }

  public List<NodeProcess> nodes() {
    return List.copyOf(nodes);
  }

  public String nodeId(int i) {
    return nodeIds.get(i);
  }

  /** The cluster name every node was started with (a probe member joins with it). */
  public String clusterName() {
    return clusterName;
  }

  /** The cluster secret every node was started with. */
  public String secret() {
    return secret;
  }

  /** {@code host:port} of node {@code i}'s Hazelcast member, to join the cluster. */
  public String clusterAddress(int i) {
    return "127.0.0.1:" + nodes.get(i).ports().getInteger("cluster");
  }

  /** The Docker engine node {@code i} runs its containers on. */
  public DockerClient engine(int i) {
    return engines.get(i);
  }

  /** Its {@code unix://} address, as the node was given it. */
  public String engineHost(int i) {
    return ExtraDockerds.host(sockets.get(i));
  }

  /** The containers (running or not) on engine {@code i} matching {@code filters}. */
  public List<ContainerSummary> containers(int i, DockerFilters filters) {
    return await(engines.get(i).listContainers(true, filters));
  }

  /** The containers on engine {@code i} labelled {@code plat.function=function}. */
  public List<ContainerSummary> functionContainers(int i, String function) {
    return containers(i, DockerFilters.create().label(Names.Label.FUNCTION, function));
  }

  /** Node {@code i}'s /health. */
  public JsonObject health(int i) {
    return new JsonObject(get(i, "/health").body());
  }

  /** {@code GET path} on node {@code i}'s gateway with the admin token. */
  public HttpResponse<String> get(int i, String path) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(nodes.get(i).url() + path)).timeout(Duration.ofSeconds(30))
      .header("Authorization", "Bearer " + NodeProcess.ADMIN_TOKEN).build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Kills every node still running, then removes their containers from their engines. */
  @Override
  public void close() {
    nodes.forEach(NodeProcess::close);
    for (int i = 0; i < engines.size() && i < nodeIds.size(); i++) {
      try {
        for (ContainerSummary c : containers(i, DockerFilters.create().label(Names.Label.NODE, nodeIds.get(i)))) {
          await(ignoreNotFound(engines.get(i).removeContainer(c.id(), true)));
        }
      } catch (RuntimeException | Error e) {
        System.err.println("cleanup of engine " + engineHost(i) + " failed: " + e);
      }
    }
    engines.forEach(e -> await(e.close()));
    await(vertx.close());
  }
}
