package dev.plat.cluster.impl;

import dev.plat.cluster.ConfigException;
import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.ValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Reads {@code --flag value}, {@code --flag=value} and, for booleans, a bare {@code --flag}. */
final class CommandLine {
  private CommandLine() {
  }

  static Map<ConfigKey, Setting> parse(String[] args) {
    Map<ConfigKey, Setting> settings = new EnumMap<>(ConfigKey.class);
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        problems.add("unexpected argument '" + arg + "': flags look like --http-port 8080 or --http-port=8080");
        continue;
      }
      int eq = arg.indexOf('=');
      String flag = eq < 0 ? arg : arg.substring(0, eq);
      ConfigKey key = ConfigKey.fromFlag(flag);
      if (key == null) {
        problems.add(unknown(flag));
        if (eq < 0 && i + 1 < args.length && !args[i + 1].startsWith("--")) {
          i++;
        }
        continue;
      }
      String value;
      if (eq >= 0) {
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        value = args[++i];
      } else if (key.type() == ValueType.BOOLEAN) {
        value = "true";
      } else {
        problems.add("flag " + flag + " needs a value");
        continue;
      }
      if (settings.put(key, new Setting(value, flag)) != null) {
        problems.add("flag " + flag + " is given more than once");
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return settings;
  }

  private static String unknown(String flag) {
    List<String> flags = Arrays.stream(ConfigKey.values()).map(ConfigKey::flag).toList();
    String close = Suggest.closest(flag, flags);
    return "unknown flag '" + flag + "'"
      + (close != null ? " (did you mean " + close + "?)" : "; known flags: " + String.join(", ", flags));
  }
}
