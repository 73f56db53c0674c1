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
    JsonObject config = new JsonObject().put("Image", spec.image()).put("Labels", Json.object(spec.labels()));
    if (!spec.cmd().isEmpty()) {
      config.put("Cmd", Json.array(spec.cmd()));
    }
    if (!spec.entrypoint().isEmpty()) {
      config.put("Entrypoint", Json.array(spec.entrypoint()));
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
      host.put("Binds", Json.array(spec.binds().stream().map(Bind::toString).toList()));
    }
    if (!spec.tmpfs().isEmpty()) {
      host.put("Tmpfs", Json.object(spec.tmpfs()));
    }
    if (!spec.capDrop().isEmpty()) {
      host.put("CapDrop", Json.array(spec.capDrop()));
    }
    if (!spec.capAdd().isEmpty()) {
      host.put("CapAdd", Json.array(spec.capAdd()));
    }
    if (!spec.securityOpt().isEmpty()) {
      host.put("SecurityOpt", Json.array(spec.securityOpt()));
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
    JsonObject config = Json.obj(json, "Config");
    JsonObject host = Json.obj(json, "HostConfig");
    String name = Json.str(json, "Name");
    ContainerSpec.Builder b = ContainerSpec.builder(orElse(Json.str(config, "Image"), Json.str(json, "Image")))
      .name(name != null && name.startsWith("/") ? name.substring(1) : name)
      .cmd(Json.strings(config, "Cmd").toArray(String[]::new))
      .entrypoint(Json.strings(config, "Entrypoint").toArray(String[]::new))
      .labels(Json.stringMap(config, "Labels"))
      .user(blankToNull(Json.str(config, "User")))
      .workingDir(blankToNull(Json.str(config, "WorkingDir")))
      .stopSignal(blankToNull(Json.str(config, "StopSignal")))
      .stopTimeout(config.getValue("StopTimeout") instanceof Number n ? n.intValue() : null)
      .readOnlyRootfs(Json.bool(host, "ReadonlyRootfs"))
      .capDrop(Json.strings(host, "CapDrop").toArray(String[]::new))
      .capAdd(Json.strings(host, "CapAdd").toArray(String[]::new))
      .securityOpt(Json.strings(host, "SecurityOpt").toArray(String[]::new))
      .limits(new ResourceLimits(Math.max(0, Json.lng(host, "Memory")), Math.max(0, Json.lng(host, "NanoCpus")),
        Math.max(0, Json.lng(host, "PidsLimit"))))
      .networkMode(blankToNull(Json.str(host, "NetworkMode")))
      .restartPolicy(restartPolicy(Json.obj(host, "RestartPolicy")));
    env(Json.strings(config, "Env")).forEach(b::env);
    Json.strings(host, "Binds").forEach(bind -> {
      Bind parsed = Bind.parse(bind);
      b.bind(parsed.hostPath(), parsed.containerPath(), parsed.readOnly());
    });
    Json.stringMap(host, "Tmpfs").forEach(b::tmpfs);
    return b.build();
  }

  private static RestartPolicy restartPolicy(JsonObject policy) {
    String name = Json.str(policy, "Name");
    if (name == null || name.isEmpty() || "no".equals(name)) {
      return RestartPolicy.NO;
    }
    return "on-failure".equals(name) ? RestartPolicy.onFailure((int) Json.lng(policy, "MaximumRetryCount")) : new RestartPolicy(name, 0);
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
