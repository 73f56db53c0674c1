package dev.plat.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules of a {@code .platignore}, with gitignore's meaning: one glob per line, {@code #}
 * comments, {@code !} to re-include, a trailing {@code /} for folders only, a {@code /} at the
 * start or in the middle to anchor at the function's root, {@code *}, {@code ?}, {@code [a-z]} and
 * {@code **}. The last matching rule wins; nothing inside an ignored folder comes back. The
 * {@code .git} folder is always ignored.
 */
final class PlatIgnore {
  static final String FILE = ".platignore";
  private final List<Rule> rules;

  private record Rule(Pattern pattern, boolean negated, boolean dirOnly) {
  }

  PlatIgnore(List<String> lines) {
    List<Rule> parsed = new ArrayList<>();
    for (String line : lines) {
      Rule rule = parse(line);
      if (rule != null) {
        parsed.add(rule);
      }
    }
    this.rules = List.copyOf(parsed);
  }

  /** The rules of {@code dir/.platignore}; none when the file is absent. */
  static PlatIgnore load(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    return new PlatIgnore(Files.isRegularFile(file) ? Files.readAllLines(file) : List.of());
  }

  /**
   * Whether a path is left out.
   *
   * @param path  relative to the root, '/'-separated, no leading or trailing '/'
   * @param isDir whether the path is a folder
   */
  boolean isIgnored(String path, boolean isDir) {
    String[] parts = path.split("/");
    StringBuilder prefix = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      boolean last = i == parts.length - 1;
      prefix.append(i == 0 ? "" : "/").append(parts[i]);
      if (matches(prefix.toString(), parts[i], last ? isDir : true)) {
        return true;
      }
    }
    return false;
  }

  private boolean matches(String path, String name, boolean isDir) {
    if (isDir && ".git".equals(name)) {
      return true;
    }
    boolean ignored = false;
    for (Rule rule : rules) {
      if ((!rule.dirOnly || isDir) && rule.negated == ignored && rule.pattern.matcher(path).matches()) {
        ignored = !rule.negated;
      }
    }
    return ignored;
  }

  private static Rule parse(String raw) {
    String line = raw.stripTrailing();
    if (line.isEmpty() || line.startsWith("#")) {
      return null;
    }
    boolean negated = line.startsWith("!");
    if (negated || line.startsWith("\\!") || line.startsWith("\\#")) {
      line = line.substring(1);
    }
    boolean dirOnly = line.endsWith("/");
    line = dirOnly ? line.substring(0, line.length() - 1) : line;
    boolean anchored = line.contains("/");
    line = line.startsWith("/") ? line.substring(1) : line;
    if (line.isEmpty()) {
      return null;
    }
    String regex = (anchored ? "" : "(?:.*/)?") + globToRegex(line);
    return new Rule(Pattern.compile(regex), negated, dirOnly);
  }

  private static String globToRegex(String glob) {
    StringBuilder re = new StringBuilder();
    int i = 0;
    while (i < glob.length()) {
      char c = glob.charAt(i);
      if (glob.startsWith("**/", i) && (i == 0 || glob.charAt(i - 1) == '/')) {
        re.append("(?:.*/)?");
        i += 3;
      } else if (glob.startsWith("**", i) && i + 2 == glob.length() && i > 0 && glob.charAt(i - 1) == '/') {
        re.append(".+");
        i += 2;
      } else if (c == '*') {
        re.append("[^/]*");
        i++;
      } else if (c == '?') {
        re.append("[^/]");
        i++;
      } else if (c == '[' && glob.indexOf(']', i + 2) > 0) {
        int end = glob.indexOf(']', i + 2);
        String body = glob.substring(i + 1, end);
        body = body.startsWith("!") ? "^" + body.substring(1) : body;
        re.append('[').append(body.replace("\\", "\\\\").replace("[", "\\[")).append(']');
        i = end + 1;
      } else if (c == '\\' && i + 1 < glob.length()) {
        re.append(Pattern.quote(String.valueOf(glob.charAt(i + 1))));
        i += 2;
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
        i++;
      }
    }
    return re.toString();
  }
}
