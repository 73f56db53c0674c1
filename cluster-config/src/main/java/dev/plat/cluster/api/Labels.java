package dev.plat.cluster.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A function's labels as Kubernetes spells them: a key is {@code name} or {@code prefix/name}
 * (name: 1-63 of letters, digits, '-', '_', '.', starting and ending with a letter or digit;
 * prefix: a lower-case DNS name of at most 253 characters); a value is empty or such a name.
 * A selector ({@code ?label=team=shop}) is {@code key=value} (equal) or {@code key} (present).
 */
public final class Labels {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?");
  private static final Pattern PREFIX =
    Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

  private Labels() {
  }

  /** True for a valid label key. */
  public static boolean isKey(String key) {
    if (key == null) {
      return false;
    }
    int slash = key.indexOf('/');
    if (slash < 0) {
      return NAME.matcher(key).matches();
    }
    String prefix = key.substring(0, slash);
    return prefix.length() <= 253 && PREFIX.matcher(prefix).matches() && NAME.matcher(key.substring(slash + 1)).matches();
  }

  /** True for a valid label value. */
  public static boolean isValue(String value) {
    return value != null && (value.isEmpty() || NAME.matcher(value).matches());
  }

  /**
   * The selectors {@code key=value} or {@code key}, all of which must hold; a {@code null} value
   * means "present". @throws PlatError 400 {@code bad_label_selector} naming the bad one
   */
  public static Map<String, String> selector(List<String> terms) {
    Map<String, String> wanted = new LinkedHashMap<>();
    for (String term : terms) {
      int eq = term.indexOf('=');
      String key = eq < 0 ? term : term.substring(0, eq);
      String value = eq < 0 ? null : term.substring(eq + 1);
      if (!isKey(key) || (value != null && !isValue(value))) {
        throw PlatError.badRequest("bad_label_selector", "label must be key=value or key, with a label key and "
          + "value (letters, digits, '-', '_', '.'); got '" + (term.length() > 80 ? term.substring(0, 80) + "..." : term) + "'");
      }
      wanted.put(key, value);
    }
    return wanted;
  }

  /** True when {@code labels} satisfy every term of {@code selector}. */
  public static boolean matches(Map<String, String> selector, Map<String, String> labels) {
    for (Map.Entry<String, String> term : selector.entrySet()) {
      String have = labels.get(term.getKey());
      if (have == null || (term.getValue() != null && !term.getValue().equals(have))) {
        return false;
      }
    }
    return true;
  }
}
