package dev.plat.controller.impl;

import dev.plat.cluster.Names;
import dev.plat.cluster.api.FunctionSpec;
import dev.plat.controller.PoolBackend;
import dev.plat.controller.PoolRuntimes;
import dev.plat.docker.ContainerSpec;
import dev.plat.docker.ResourceLimits;
import io.vertx.core.json.JsonObject;
import java.util.TreeMap;

/** How a pool container is made and what its assignment file says. Pure functions, checked without Docker. */
final class PoolSpecs {
  /** The limits a pool container starts with (the function's are applied when they differ). */
  public static final FunctionSpec.Limits LIMITS = FunctionSpec.Limits.DEFAULT;
  private static final String TMPFS_OPTIONS = "rw,nosuid,nodev,size=64m,mode=1777";

  private PoolSpecs() {
  }

  /** {@code plat-pool-<runtime>-<id>}. */
  public static String containerName(String runtime, String id) {
    return "plat-pool-" + runtime + "-" + id;
  }

  /** Whether instances of {@code spec} may come from the pool: a runtime of {@code runtimes} on no network. */
  public static boolean poolable(FunctionSpec spec, PoolRuntimes runtimes) {
    return spec != null && spec.image() != null && runtimes.pooled(spec.runtime())
      && (spec.network() == null || spec.network().isBlank() || InstanceSpecs.NO_NETWORK.equals(spec.network()));
  }

  /** Docker limits of {@code limits}. */
  public static ResourceLimits resources(FunctionSpec.Limits limits) {
    return new ResourceLimits(limits.memoryMb() * 1024L * 1024L, Math.round(limits.cpus() * 1e9), limits.pids());
  }

  /**
   * A generic container of {@code runtime}: the instances' hardening, {@link #LIMITS}, its socket
   * folder at {@code /run/plat} and its code folder read-only at {@link PoolBackend#CODE_MOUNT}.
   */
  public static ContainerSpec container(String image, String runtime, String id, String node, String socketFolder,
                                        String codeFolder, int drainSeconds) {
    return ContainerSpec.builder(image)
      .name(containerName(runtime, id))
      .label(Names.Label.POOL, runtime)
      .label(Names.Label.INSTANCE, id)
      .label(Names.Label.NODE, node)
      .hardened()
      .tmpfs("/tmp", TMPFS_OPTIONS)
      .user(InstanceSpecs.USER)
      .bind(socketFolder, InstanceSpecs.SOCKET_MOUNT, false)
      .bind(codeFolder, PoolBackend.CODE_MOUNT, true)
      .networkMode(InstanceSpecs.NO_NETWORK)
      .limits(resources(LIMITS))
      .stopTimeout(InstanceSpecs.ENGINE_STOP_TIMEOUT_SECONDS)
      .env("PLAT_POOL", "1")
      .env("PLAT_SOCKET", InstanceSpecs.SOCKET_PATH)
      .env("PLAT_SPEC_FILE", PoolBackend.CODE_MOUNT + "/" + PoolBackend.ASSIGNMENT_FILE)
      .env("PLAT_CODE_DIR", PoolBackend.CODE_MOUNT)
      .env("PLAT_FUNCTION", "pool-" + runtime)
      .env("PLAT_GRACEFUL_TIMEOUT", Integer.toString(drainSeconds))
      .build();
  }

  /**
   * What a specialized pool container serves: {@code {"function","version","config","instance","env"}}.
   * The shim reads {@code function}, {@code version} and {@code env}; the reconciler the rest.
   */
  public static JsonObject assignment(FunctionSpec spec, String instance) {
    return new JsonObject().put("function", spec.name()).put("version", spec.version())
      .put("config", InstanceSpecs.fingerprint(spec)).put("instance", instance)
      .put("env", new JsonObject(new TreeMap<>(spec.env())));
  }

  /** The labels a specialized pool container would carry as a function instance (for the reconciler's plan). */
  public static java.util.Map<String, String> assignedLabels(java.util.Map<String, String> labels, JsonObject assignment) {
    java.util.Map<String, String> out = new java.util.HashMap<>(labels);
    out.put(Names.Label.FUNCTION, assignment.getString("function", ""));
    out.put(Names.Label.VERSION, String.valueOf(assignment.getLong("version", -1L)));
    out.put(Names.Label.CONFIG, assignment.getString("config", ""));
    return out;
  }
}
