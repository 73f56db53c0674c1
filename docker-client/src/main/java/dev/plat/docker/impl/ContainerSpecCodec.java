package dev.plat.docker.impl;

import dev.plat.docker.Bind;
import dev.plat.docker.ContainerSpec;
import dev.plat.docker.ResourceLimits;
import dev.plat.docker.RestartPolicy;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link ContainerSpec} to the body of {@code POST /containers/create} and back from inspect. */
public final class ContainerSpecCodec {

  private ContainerSpecCodec() {
  }

  public static JsonObject toCreateJson(ContainerSpec spec) {
    JsonObject config = new JsonObject().put("Image", spec.image()).put("Labels", JsonReads.object(spec.labels()));
    if (!spec.cmd().isEmpty()) {
      config.put("Cmd", JsonReads.array(spec.cmd()));
    }
    if (!spec.entrypoint().isEmpty()) {
      config.put("Entrypoint", JsonReads.array(spec.entrypoint()));
    }
    if (!spec.env().isEmpty()) {
      JsonArray env = new JsonArray();
      spec.env().forEach((k, v) -> env.add(k + "=" + v));
      config.put("Env", env);
    }
    putIfSet(config, "User", spec.user());
    putIfSet(config, "WorkingDir", spec.workingDir());
    putIfSet(config, "StopSignal", spec.stopSignal());
    if (spec.stopTimeout() != null) {
      config.put("StopTimeout", spec.stopTimeout());
    }
    return config.put("HostConfig", hostConfig(spec));
  }

  private static JsonObject hostConfig(ContainerSpec spec) {
    JsonObject host = new JsonObject().put("ReadonlyRootfs", spec.readOnlyRootfs());
    if (!spec.binds().isEmpty()) {
      host.put("Binds", JsonReads.array(spec.binds().stream().map(Bind::toString).toList()));
    }
    if (!spec.tmpfs().isEmpty()) {
      host.put("Tmpfs", JsonReads.object(spec.tmpfs()));
    }
    if (!spec.capDrop().isEmpty()) {
      host.put("CapDrop", JsonReads.array(spec.capDrop()));
    }
    if (!spec.capAdd().isEmpty()) {
      host.put("CapAdd", JsonReads.array(spec.capAdd()));
    }
    if (!spec.securityOpt().isEmpty()) {
      host.put("SecurityOpt", JsonReads.array(spec.securityOpt()));
    }
    ResourceLimits limits = spec.limits();
    if (limits.memoryBytes() > 0) {
      host.put("Memory", limits.memoryBytes()).put("MemorySwap", limits.memoryBytes());
    }
    if (limits.nanoCpus() > 0) {
      host.put("NanoCpus", limits.nanoCpus());
    }
    if (limits.pidsLimit() > 0) {
      host.put("PidsLimit", limits.pidsLimit());
    }
    putIfSet(host, "NetworkMode", spec.networkMode());
    RestartPolicy restart = spec.restartPolicy();
    return host.put("RestartPolicy", new JsonObject().put("Name", restart.name()).put("MaximumRetryCount", restart.maxRetries()));
  }

  public static ContainerSpec fromInspect(JsonObject json) {
    JsonObject config = JsonReads.obj(json, "Config");
    JsonObject host = JsonReads.obj(json, "HostConfig");
    String name = JsonReads.str(json, "Name");
    ContainerSpec.Builder b = ContainerSpec.builder(orElse(JsonReads.str(config, "Image"), JsonReads.str(json, "Image")))
      .name(name != null && name.startsWith("/") ? name.substring(1) : name)
      .cmd(JsonReads.strings(config, "Cmd").toArray(String[]::new))
      .entrypoint(JsonReads.strings(config, "Entrypoint").toArray(String[]::new))
      .labels(JsonReads.stringMap(config, "Labels"))
      .user(blankToNull(JsonReads.str(config, "User")))
      .workingDir(blankToNull(JsonReads.str(config, "WorkingDir")))
      .stopSignal(blankToNull(JsonReads.str(config, "StopSignal")))
      .stopTimeout(config.getValue("StopTimeout") instanceof Number n ? n.intValue() : null)
      .readOnlyRootfs(JsonReads.bool(host, "ReadonlyRootfs"))
      .capDrop(JsonReads.strings(host, "CapDrop").toArray(String[]::new))
      .capAdd(JsonReads.strings(host, "CapAdd").toArray(String[]::new))
      .securityOpt(JsonReads.strings(host, "SecurityOpt").toArray(String[]::new))
      .limits(new ResourceLimits(Math.max(0, JsonReads.lng(host, "Memory")), Math.max(0, JsonReads.lng(host, "NanoCpus")),
        Math.max(0, JsonReads.lng(host, "PidsLimit"))))
      .networkMode(blankToNull(JsonReads.str(host, "NetworkMode")))
      .restartPolicy(restartPolicy(JsonReads.obj(host, "RestartPolicy")));
    env(JsonReads.strings(config, "Env")).forEach(b::env);
    JsonReads.strings(host, "Binds").forEach(bind -> {
      Bind parsed = Bind.parse(bind);
      b.bind(parsed.hostPath(), parsed.containerPath(), parsed.readOnly());
    });
    JsonReads.stringMap(host, "Tmpfs").forEach(b::tmpfs);
    return b.build();
  }

  private static RestartPolicy restartPolicy(JsonObject policy) {
    String name = JsonReads.str(policy, "Name");
    if (name == null || name.isEmpty() || "no".equals(name)) {
      return RestartPolicy.NO;
    }
    return "on-failure".equals(name) ? RestartPolicy.onFailure((int) JsonReads.lng(policy, "MaximumRetryCount")) : new RestartPolicy(name, 0);
  }

  private static Map<String, String> env(List<String> entries) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String entry : entries) {
      int eq = entry.indexOf('=');
      env.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
    }
    return env;
  }

  private static void putIfSet(JsonObject o, String key, String value) {
    if (value != null && !value.isEmpty()) {
      o.put(key, value);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static String orElse(String a, String b) {
    return a == null || a.isEmpty() ? b : a;
  }
}
