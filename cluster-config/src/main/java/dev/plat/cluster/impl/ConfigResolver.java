package dev.plat.cluster.impl;

import dev.plat.cluster.ConfigException;
import dev.plat.cluster.ConfigKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Merges the layers defaults < file < environment < flags and checks every value. */
public final class ConfigResolver {
  private static final List<ConfigKey> DISTINCT_PORTS =
    List.of(ConfigKey.HTTP_PORT, ConfigKey.PROXY_PORT, ConfigKey.CLUSTER_PORT, ConfigKey.HTTP_REDIRECT_PORT);

  /** The checked values (typed as {@link dev.plat.cluster.ValueType} says) and their sources. */
  public record Resolved(Map<ConfigKey, Object> values, Map<ConfigKey, String> sources) {
  }

  private ConfigResolver() {
  }

  /** Resolves command-line {@code args} over {@code env} over the file over the defaults. */
  public static Resolved resolve(String[] args, Map<String, String> env) {
    Map<ConfigKey, Setting> flags = CommandLine.parse(args);
    Map<ConfigKey, Setting> environment = fromEnv(env);
    List<String> problems = new ArrayList<>();
    Setting explicit = first(ConfigKey.CONFIG, flags, environment);
    List<String> reportedLater = new ArrayList<>();
    Path explicitFile = explicit == null ? null : (Path) parse(ConfigKey.CONFIG, explicit, reportedLater);
    Setting dataDirSetting = first(ConfigKey.DATA_DIR, flags, environment);
    if (dataDirSetting == null) {
      dataDirSetting = new Setting(ConfigKey.DATA_DIR.defaultValue(env), "default");
    }
    Path dataDir = (Path) parse(ConfigKey.DATA_DIR, dataDirSetting, reportedLater);
    boolean badExplicit = explicit != null && explicitFile == null && !explicit.text().isEmpty();
    Path file = badExplicit ? null : ConfigFiles.locate(explicitFile, dataDir);
    Map<ConfigKey, Setting> fromFile = file == null ? Map.of() : ConfigFiles.read(file, problems);
    Map<ConfigKey, Setting> merged = merge(env, List.of(fromFile, environment, flags));
    if (file != null) {
      merged.put(ConfigKey.CONFIG, new Setting(file.toString(), explicit == null ? "default" : explicit.source()));
    }
    return check(merged, problems);
  }

  /** Resolves {@code given} over the defaults, without a file or environment (for tests and tools). */
  public static Resolved resolve(Map<ConfigKey, String> given) {
    Map<ConfigKey, Setting> layer = new EnumMap<>(ConfigKey.class);
    given.forEach((key, text) -> layer.put(key, new Setting(text, "given")));
    return check(merge(Map.of(), List.of(layer)), new ArrayList<>());
  }

  private static Map<ConfigKey, Setting> fromEnv(Map<String, String> env) {
    Map<ConfigKey, Setting> settings = new EnumMap<>(ConfigKey.class);
    for (ConfigKey key : ConfigKey.values()) {
      String text = env.get(key.env());
      if (text != null && !text.isEmpty()) {
        settings.put(key, new Setting(text, key.env()));
      }
    }
    return settings;
  }

  @SafeVarargs
  private static Setting first(ConfigKey key, Map<ConfigKey, Setting>... layers) {
    for (Map<ConfigKey, Setting> layer : layers) {
      if (layer.containsKey(key)) {
        return layer.get(key);
      }
    }
    return null;
  }

  private static Map<ConfigKey, Setting> merge(Map<String, String> env, List<Map<ConfigKey, Setting>> layers) {
    Map<ConfigKey, Setting> merged = new EnumMap<>(ConfigKey.class);
    for (ConfigKey key : ConfigKey.values()) {
      merged.put(key, new Setting(key.defaultValue(env), "default"));
    }
    layers.forEach(merged::putAll);
    return merged;
  }

  private static Resolved check(Map<ConfigKey, Setting> merged, List<String> problems) {
    Map<ConfigKey, Object> values = new EnumMap<>(ConfigKey.class);
    Map<ConfigKey, String> sources = new EnumMap<>(ConfigKey.class);
    merged.forEach((key, setting) -> {
      values.put(key, parse(key, setting, problems));
      sources.put(key, setting.source());
    });
    checkDistinctPorts(merged, values, problems);
    if ((values.get(ConfigKey.TLS_CERT) == null) != (values.get(ConfigKey.TLS_KEY) == null)
        && !problems.stream().anyMatch(p -> p.startsWith("tls"))) {
      problems.add("tlsCert and tlsKey go together: set both (PEM files) or neither (plain HTTP), got only "
        + (values.get(ConfigKey.TLS_CERT) == null ? "tlsKey (from " + merged.get(ConfigKey.TLS_KEY).source() + ")"
          : "tlsCert (from " + merged.get(ConfigKey.TLS_CERT).source() + ")"));
    }
    if (values.get(ConfigKey.TLS_CERT_DIR) != null && values.get(ConfigKey.TLS_CERT) == null) {
      problems.add("tlsCertDir adds certificates to tlsCert and needs tlsCert and tlsKey (from "
        + merged.get(ConfigKey.TLS_CERT_DIR).source() + ")");
    }
    if (values.get(ConfigKey.HTTP_REDIRECT_PORT) != null && values.get(ConfigKey.TLS_CERT) == null) {
      problems.add("httpRedirectPort redirects to HTTPS and needs tlsCert and tlsKey (from "
        + merged.get(ConfigKey.HTTP_REDIRECT_PORT).source() + ")");
    }
    if (values.get(ConfigKey.ROLES) instanceof java.util.Collection<?> roles && roles.contains(dev.plat.cluster.Role.CONTROLLER)
        && !roles.contains(dev.plat.cluster.Role.PROXY)) {
      problems.add("roles: the controller role needs the proxy role on the same node (the instances placed on a "
        + "controller's node are served by its proxy), got '" + merged.get(ConfigKey.ROLES).text() + "' (from "
        + merged.get(ConfigKey.ROLES).source() + ")");
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new Resolved(Collections.unmodifiableMap(values), Collections.unmodifiableMap(sources));
  }

  private static Object parse(ConfigKey key, Setting setting, List<String> problems) {
    try {
      return key.type().parse(setting.text());
    } catch (IllegalArgumentException e) {
      // a secret is never echoed, not even a bad one
      String got = key.type().isSecret() ? "a hidden value of " + setting.text().length() + " characters"
        : "'" + setting.text() + "'";
      problems.add(key.key() + " must be " + key.type().requirement() + ", got " + got + " (from " + setting.source() + ")");
      return null;
    }
  }

  private static void checkDistinctPorts(Map<ConfigKey, Setting> merged, Map<ConfigKey, Object> values,
                                         List<String> problems) {
    for (int i = 0; i < DISTINCT_PORTS.size(); i++) {
      for (int j = i + 1; j < DISTINCT_PORTS.size(); j++) {
        ConfigKey a = DISTINCT_PORTS.get(i);
        ConfigKey b = DISTINCT_PORTS.get(j);
        // 0 is "a free port": two of them never clash
        if (values.get(a) != null && values.get(a).equals(values.get(b)) && !values.get(a).equals(0)) {
          problems.add(a.key() + " and " + b.key() + " must differ, both are " + values.get(a)
            + " (from " + merged.get(a).source() + " and " + merged.get(b).source() + ")");
        }
      }
    }
  }
}
