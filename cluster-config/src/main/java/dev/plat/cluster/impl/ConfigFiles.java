package dev.plat.cluster.impl;

import dev.plat.cluster.ConfigException;
import dev.plat.cluster.ConfigKey;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/** Reads a YAML or JSON configuration file into settings, checking its keys. */
final class ConfigFiles {
  static final List<String> DEFAULT_NAMES = List.of("plat.yaml", "plat.json");

  private ConfigFiles() {
  }

  /** The file named by {@code --config}/{@code PLAT_CONFIG}, else plat.yaml or plat.json in {@code dataDir}. */
  static Path locate(Path explicit, Path dataDir) {
    if (explicit != null) {
      return explicit;
    }
    if (dataDir == null) {
      return null;
    }
    List<Path> present = DEFAULT_NAMES.stream().map(dataDir::resolve).filter(Files::exists).toList();
    if (present.size() > 1) {
      throw new ConfigException("both " + present.get(0) + " and " + present.get(1)
        + " exist; keep one, or choose with --config FILE");
    }
    return present.isEmpty() ? null : present.get(0);
  }

  /** The file's settings; unknown keys and non-scalar values are reported in {@code problems}. */
  static Map<ConfigKey, Setting> read(Path file, List<String> problems) {
    Map<?, ?> tree = parse(file, text(file));
    Map<ConfigKey, Setting> settings = new EnumMap<>(ConfigKey.class);
    String source = file.toString();
    for (Map.Entry<?, ?> entry : tree.entrySet()) {
      String name = String.valueOf(entry.getKey());
      ConfigKey key = ConfigKey.fromKey(name);
      Object value = entry.getValue();
      if (key == null) {
        problems.add(unknownKey(name, source));
      } else if (key == ConfigKey.CONFIG) {
        problems.add("config cannot be set inside a configuration file (in " + source + "); use --config or PLAT_CONFIG");
      } else if (value == null) {
        problems.add(name + " has no value (in " + source + ")");
      } else if (value instanceof Map) {
        problems.add(name + " must be " + key.type().requirement() + ", got a mapping (from " + source + ")");
      } else if (value instanceof Collection<?> list) {
        settings.put(key, new Setting(list.stream().map(String::valueOf).collect(Collectors.joining(",")), source));
      } else {
        settings.put(key, new Setting(String.valueOf(value), source));
      }
    }
    return settings;
  }

  private static String text(Path file) {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException("cannot read configuration file " + file + ": no such file");
    } catch (AccessDeniedException e) {
      throw new ConfigException("cannot read configuration file " + file + ": permission denied");
    } catch (IOException e) {
      throw new ConfigException("cannot read configuration file " + file + ": " + e);
    }
  }

  private static Map<?, ?> parse(Path file, String text) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".json")) {
      try {
        return new JsonObject(text).getMap();
      } catch (DecodeException | ClassCastException e) {
        throw new ConfigException("cannot parse " + file + " as a JSON object: " + e.getMessage());
      }
    }
    if (!name.endsWith(".yaml") && !name.endsWith(".yml")) {
      throw new ConfigException("configuration file " + file + " must end in .yaml, .yml or .json");
    }
    Object tree;
    try {
      tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (YAMLException e) {
      throw new ConfigException("cannot parse " + file + " as YAML: " + e.getMessage());
    }
    if (tree == null) {
      return Map.of();
    }
    if (!(tree instanceof Map<?, ?> map)) {
      throw new ConfigException("configuration file " + file + " must hold a mapping of keys to values");
    }
    return map;
  }

  private static String unknownKey(String name, String source) {
    List<String> keys = Arrays.stream(ConfigKey.values()).filter(k -> k != ConfigKey.CONFIG).map(ConfigKey::key).toList();
    String close = Suggest.closest(name, keys);
    return "unknown key '" + name + "' in " + source
      + (close != null ? " (did you mean " + close + "?)" : "; known keys: " + String.join(", ", keys));
  }
}
