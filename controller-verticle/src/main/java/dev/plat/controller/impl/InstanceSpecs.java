package dev.plat.controller.impl;

import dev.plat.cluster.Names;
import dev.plat.cluster.api.FunctionSpec;
import dev.plat.docker.ContainerSpec;
import dev.plat.docker.ResourceLimits;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.TreeMap;

/**
 * How a function instance's container is made: labels, hardening, limits, socket folder, env.
 * Pure functions of the spec, so they can be checked without Docker.
 */
final class InstanceSpecs {
  /** Where the instance's socket folder is mounted, and the socket the runtime listens on. */
  public static final String SOCKET_MOUNT = "/run/plat";
  public static final String SOCKET_PATH = SOCKET_MOUNT + "/fn.sock";
  /** Where the instance's secrets folder is mounted, read-only: {@code /run/secrets/<secret>/<key>}. */
  public static final String SECRETS_MOUNT = "/run/secrets";
  /** The non-root user every instance runs as. */
  public static final String USER = "10001:10001";
  /** The network of a function that names none: no network at all. */
  public static final String NO_NETWORK = "none";
  private static final String TMPFS_OPTIONS = "rw,nosuid,nodev,size=64m,mode=1777";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private InstanceSpecs() {
  }

  /** A short random instance id: 10 of {@code [a-z0-9]}. */
  public static String newInstanceId() {
    char[] id = new char[10];
    for (int i = 0; i < id.length; i++) {
      id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(id);
  }

  /** {@code plat-<function>-<instance>}. */
  public static String containerName(String function, String instance) {
    return "plat-" + function + "-" + instance;
  }

  /**
   * A short hash of what a running container depends on (image, digest, version, env, limits,
   * network, and the health path and start timeout when set; not labels nor description). Instances with another fingerprint than the function's run stale settings.
   */
  public static String fingerprint(FunctionSpec spec) {
    String text = spec.image() + "|" + spec.digest() + "|" + spec.version() + "|" + new TreeMap<>(spec.env())
      + "|" + spec.limits() + "|" + spec.network();
    if (!FunctionSpec.DEFAULT_HEALTH_PATH.equals(spec.healthPath())) {
      text += "|health=" + spec.healthPath(); // only when set: a default spec keeps the fingerprint it had
    }
    if (spec.startTimeoutSeconds() != null) {
      text += "|start=" + spec.startTimeoutSeconds();
    }
    if (!spec.secrets().isEmpty()) {
      text += "|secrets=" + spec.secrets() + "@" + spec.secretsRevision(); // a rotation changes it
    }
    if (!spec.secretEnv().isEmpty()) {
      text += "|secretEnv=" + new TreeMap<>(spec.secretEnv()) + "@" + spec.secretsRevision();
    }
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The {@code StopTimeout} every instance and pool container is created with: what dockerd waits
   * after the stop signal of a stop Plat does not issue itself (an operator's {@code docker stop}
   * without {@code -t}, dockerd's own shutdown) before it kills. Short, because such a stop may
   * find the container frozen through its cgroup freezer, which Docker does not know about: a
   * frozen process never answers the signal, while SIGKILL ends it. Plat's own stops thaw first
   * and pass the drain time ({@link #killAfterSeconds}) with each call.
   */
  public static final int ENGINE_STOP_TIMEOUT_SECONDS = 2;

  /** Seconds Docker waits after the stop signal of Plat's own stop before it kills: the runtime's grace plus a margin. */
  public static int killAfterSeconds(int drainSeconds) {
    return drainSeconds + 2;
  }

  /**
   * The image reference instances of {@code spec} run: by its registry digest
   * ({@code 127.0.0.1:5000/plat/name@sha256:...}) when the build recorded one, so that every node
   * runs exactly the image that was built whatever later builds do to the tag; the tag otherwise.
   */
  public static String image(FunctionSpec spec) {
    String digest = spec.digest();
    if (digest == null || !digest.matches("sha256:[0-9a-f]{64}")) {
      return spec.image();
    }
    String image = spec.image();
    int colon = image.lastIndexOf(':');
    String repository = colon > image.lastIndexOf('/') ? image.substring(0, colon) : image;
    return repository + "@" + digest;
  }

  /**
   * The container of {@code instance} running {@code spec}, its socket folder at {@code socketFolder}.
   * On the stop signal the runtime finishes its in-flight requests for up to {@code drainSeconds}
   * ({@code PLAT_GRACEFUL_TIMEOUT}) when Plat stops it; a stop from outside Plat kills after
   * {@link #ENGINE_STOP_TIMEOUT_SECONDS}.
   */
  public static ContainerSpec container(FunctionSpec spec, Instance instance, String socketFolder, int drainSeconds) {
    return container(spec, instance, socketFolder, null, drainSeconds);
  }

  /** {@link #container(FunctionSpec, Instance, String, int)} with {@code secretsFolder} ({@code null}: none) read-only at {@link #SECRETS_MOUNT}. */
  public static ContainerSpec container(FunctionSpec spec, Instance instance, String socketFolder, String secretsFolder,
                                        int drainSeconds) {
    FunctionSpec.Limits limits = spec.limits();
    ContainerSpec.Builder b = ContainerSpec.builder(image(spec))
      .name(containerName(spec.name(), instance.id()))
      .label(Names.Label.FUNCTION, spec.name())
      .label(Names.Label.VERSION, Long.toString(spec.version()))
      .label(Names.Label.INSTANCE, instance.id())
      .label(Names.Label.NODE, instance.node())
      .label(Names.Label.CONFIG, instance.fingerprint())
      .hardened()
      .tmpfs("/tmp", TMPFS_OPTIONS)
      .user(USER)
      .bind(socketFolder, SOCKET_MOUNT, false)
      .networkMode(spec.network() == null || spec.network().isBlank() ? NO_NETWORK : spec.network())
      .limits(new ResourceLimits(limits.memoryMb() * 1024L * 1024L, Math.round(limits.cpus() * 1e9), limits.pids()))
      .stopTimeout(ENGINE_STOP_TIMEOUT_SECONDS);
    if (secretsFolder != null) {
      b.bind(secretsFolder, SECRETS_MOUNT, true);
    }
    new TreeMap<>(spec.env()).forEach(b::env);
    b.env("PLAT_SOCKET", SOCKET_PATH)
      .env("PLAT_FUNCTION", spec.name())
      .env("PLAT_VERSION", Long.toString(spec.version()))
      .env("PLAT_GRACEFUL_TIMEOUT", Integer.toString(drainSeconds));
    return b.build();
  }
}
