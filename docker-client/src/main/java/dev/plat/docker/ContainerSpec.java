package dev.plat.docker;

import dev.plat.docker.impl.ContainerSpecCodec;
import dev.plat.docker.impl.JsonReads;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a container is created with. Build one with {@link #builder(String)}; collections are
 * unmodifiable copies and {@code null} reads as empty or "the daemon's default".
 *
 * @param name container name, or {@code null} for a generated one
 * @param image image reference or id
 * @param cmd command (arguments to the entrypoint), empty for the image's
 * @param entrypoint entrypoint, empty for the image's
 * @param env environment variables
 * @param labels labels (the platform finds its containers by them)
 * @param user {@code uid[:gid]} or a user name, {@code null} for the image's
 * @param workingDir working directory, {@code null} for the image's
 * @param binds host paths mounted in the container
 * @param tmpfs tmpfs mounts: container path to mount options (e.g. {@code size=16m}, may be empty)
 * @param readOnlyRootfs mount the root filesystem read-only
 * @param capDrop capabilities to drop, e.g. {@code ALL}
 * @param capAdd capabilities to add back
 * @param securityOpt security options, e.g. {@code no-new-privileges}
 * @param limits memory, CPU and process limits
 * @param networkMode {@code none}, {@code bridge}, {@code host} or a network name; {@code null} for the daemon's default
 * @param restartPolicy restart policy
 * @param stopSignal signal sent by stop, e.g. {@code SIGTERM}; {@code null} for the image's
 * @param stopTimeout seconds between the stop signal and SIGKILL, {@code null} for the daemon's default
 */
public record ContainerSpec(
  String name, String image, List<String> cmd, List<String> entrypoint, Map<String, String> env,
  Map<String, String> labels, String user, String workingDir, List<Bind> binds, Map<String, String> tmpfs,
  boolean readOnlyRootfs, List<String> capDrop, List<String> capAdd, List<String> securityOpt,
  ResourceLimits limits, String networkMode, RestartPolicy restartPolicy, String stopSignal, Integer stopTimeout) {

  public ContainerSpec {
    if (image == null || image.isBlank()) {
      throw new IllegalArgumentException("a container needs an image");
    }
    if (stopTimeout != null && stopTimeout < 0) {
      throw new IllegalArgumentException("stopTimeout must be >= 0");
    }
    cmd = JsonReads.copy(cmd);
    entrypoint = JsonReads.copy(entrypoint);
    env = JsonReads.copy(env);
    labels = JsonReads.copy(labels);
    binds = JsonReads.copy(binds);
    tmpfs = JsonReads.copy(tmpfs);
    capDrop = JsonReads.copy(capDrop);
    capAdd = JsonReads.copy(capAdd);
    securityOpt = JsonReads.copy(securityOpt);
    limits = limits == null ? ResourceLimits.NONE : limits;
    restartPolicy = restartPolicy == null ? RestartPolicy.NO : restartPolicy;
  }

  /**
   * This spec as JSON in the shape of an inspect ({@code Name}, {@code Config}, {@code HostConfig}),
   * to hand it to another node; {@link #fromJson} reads it back to an equal spec.
   */
  public JsonObject toJson() {
    JsonObject config = ContainerSpecCodec.toCreateJson(this);
    JsonObject host = (JsonObject) config.remove("HostConfig");
    return new JsonObject().put("Name", name).put("Config", config).put("HostConfig", host);
  }

  /** The spec written by {@link #toJson()}; fails with {@link IllegalArgumentException} when it has no image. */
  public static ContainerSpec fromJson(JsonObject json) {
    return ContainerSpecCodec.fromInspect(json);
  }

  /** @return a builder for a container of {@code image} */
  public static Builder builder(String image) {
    return new Builder().image(image);
  }

  /** @return a builder holding this spec's values */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.name = name;
    b.image = image;
    b.cmd = new ArrayList<>(cmd);
    b.entrypoint = new ArrayList<>(entrypoint);
    b.env.putAll(env);
    b.labels.putAll(labels);
    b.user = user;
    b.workingDir = workingDir;
    b.binds.addAll(binds);
    b.tmpfs.putAll(tmpfs);
    b.readOnlyRootfs = readOnlyRootfs;
    b.capDrop.addAll(capDrop);
    b.capAdd.addAll(capAdd);
    b.securityOpt.addAll(securityOpt);
    b.limits = limits;
    b.networkMode = networkMode;
    b.restartPolicy = restartPolicy;
    b.stopSignal = stopSignal;
    b.stopTimeout = stopTimeout;
    return b;
  }

  /** Fluent builder of a {@link ContainerSpec}; {@link #build()} validates. */
  public static final class Builder {
    private String name;
    private String image;
    private List<String> cmd = new ArrayList<>();
    private List<String> entrypoint = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private String user;
    private String workingDir;
    private final List<Bind> binds = new ArrayList<>();
    private final Map<String, String> tmpfs = new LinkedHashMap<>();
    private boolean readOnlyRootfs;
    private final List<String> capDrop = new ArrayList<>();
    private final List<String> capAdd = new ArrayList<>();
    private final List<String> securityOpt = new ArrayList<>();
    private ResourceLimits limits = ResourceLimits.NONE;
    private String networkMode;
    private RestartPolicy restartPolicy = RestartPolicy.NO;
    private String stopSignal;
    private Integer stopTimeout;

    private Builder() {
    }

    public Builder name(String name) { this.name = name; return this; }
    public Builder image(String image) { this.image = image; return this; }
    public Builder cmd(String... cmd) { this.cmd = new ArrayList<>(Arrays.asList(cmd)); return this; }
    public Builder entrypoint(String... entrypoint) { this.entrypoint = new ArrayList<>(Arrays.asList(entrypoint)); return this; }
    public Builder env(String key, String value) { env.put(key, value); return this; }
    public Builder label(String key, String value) { labels.put(key, value); return this; }
    public Builder labels(Map<String, String> values) { labels.putAll(values); return this; }
    public Builder user(String user) { this.user = user; return this; }
    public Builder workingDir(String workingDir) { this.workingDir = workingDir; return this; }
    public Builder bind(String hostPath, String containerPath, boolean readOnly) { binds.add(new Bind(hostPath, containerPath, readOnly)); return this; }
    public Builder tmpfs(String containerPath, String options) { tmpfs.put(containerPath, options == null ? "" : options); return this; }
    public Builder readOnlyRootfs(boolean readOnly) { this.readOnlyRootfs = readOnly; return this; }
    public Builder capDrop(String... caps) { capDrop.addAll(Arrays.asList(caps)); return this; }
    public Builder capAdd(String... caps) { capAdd.addAll(Arrays.asList(caps)); return this; }
    public Builder securityOpt(String... options) { securityOpt.addAll(Arrays.asList(options)); return this; }
    public Builder limits(ResourceLimits limits) { this.limits = limits; return this; }
    public Builder networkMode(String networkMode) { this.networkMode = networkMode; return this; }
    public Builder restartPolicy(RestartPolicy policy) { this.restartPolicy = policy; return this; }
    public Builder stopSignal(String signal) { this.stopSignal = signal; return this; }
    public Builder stopTimeout(Integer seconds) { this.stopTimeout = seconds; return this; }

    /** The hardening every function instance gets: read-only root, all capabilities dropped, no-new-privileges. */
    public Builder hardened() {
      return readOnlyRootfs(true).capDrop("ALL").securityOpt("no-new-privileges");
    }

    /** @throws IllegalArgumentException when the spec is invalid (no image, bad values) */
    public ContainerSpec build() {
      return new ContainerSpec(name, image, cmd, entrypoint, env, labels, user, workingDir, binds, tmpfs,
        readOnlyRootfs, capDrop, capAdd, securityOpt, limits, networkMode, restartPolicy, stopSignal, stopTimeout);
    }
  }
}
