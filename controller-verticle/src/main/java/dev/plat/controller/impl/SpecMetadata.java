package dev.plat.controller.impl;

import dev.plat.cluster.api.FunctionSpec;
import dev.plat.cluster.api.Labels;
import dev.plat.cluster.api.PlatError;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rules for a function's {@code healthPath}, {@code startTimeoutSeconds}, {@code labels} and
 * {@code description}; each refusal is a 400 naming the field.
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>field</th><th>rule</th></tr>
 *   <tr><td>healthPath</td><td>starts with '/', at most 256 URL path/query characters, no '..', no '//'</td></tr>
 *   <tr><td>startTimeoutSeconds</td><td>absent (the node's default) or 1-600</td></tr>
 *   <tr><td>labels</td><td>at most 64; keys {@code [prefix/]name} and values as Kubernetes labels</td></tr>
 *   <tr><td>description</td><td>at most 1024 characters, no control character but newline and tab</td></tr>
 * </table>
 */
final class SpecMetadata {
  static final int MAX_HEALTH_PATH = 256;
  static final int MAX_START_TIMEOUT_SECONDS = 600;
  static final int MAX_LABELS = 64;
  static final int MAX_DESCRIPTION = 1024;
  private static final Pattern HEALTH_PATH = Pattern.compile("/[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*");

  private SpecMetadata() {
  }

  static void check(FunctionSpec spec) {
    String path = spec.healthPath();
    if (path.length() > MAX_HEALTH_PATH || !HEALTH_PATH.matcher(path).matches() || path.contains("..")
        || path.contains("//")) {
      throw PlatError.badRequest("bad_health_path", "healthPath must be a path starting with '/', at most "
        + MAX_HEALTH_PATH + " characters of a-z, A-Z, 0-9 and URL punctuation, without '..' or '//'; got '"
        + shorten(path) + "'");
    }
    Integer start = spec.startTimeoutSeconds();
    if (start != null && (start < 1 || start > MAX_START_TIMEOUT_SECONDS)) {
      throw PlatError.badRequest("bad_start_timeout", "startTimeoutSeconds must be 1-" + MAX_START_TIMEOUT_SECONDS
        + " (or absent: the node's instanceStartTimeoutSeconds); got " + start);
    }
    if (spec.labels().size() > MAX_LABELS) {
      throw PlatError.badRequest("bad_labels", "labels: at most " + MAX_LABELS + ", got " + spec.labels().size());
    }
    for (Map.Entry<String, String> e : spec.labels().entrySet()) {
      if (!Labels.isKey(e.getKey())) {
        throw PlatError.badRequest("bad_labels", "labels: key '" + shorten(e.getKey()) + "' must be a name of 1-63 "
          + "letters, digits, '-', '_', '.' (starting and ending with a letter or digit), optionally after a "
          + "DNS-name prefix and '/'");
      }
      if (!Labels.isValue(e.getValue())) {
        throw PlatError.badRequest("bad_labels", "labels." + e.getKey() + ": the value must be empty or 1-63 letters, "
          + "digits, '-', '_', '.' starting and ending with a letter or digit; got '" + shorten(e.getValue()) + "'");
      }
    }
    String description = spec.description();
    if (description != null && (description.length() > MAX_DESCRIPTION
        || description.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t'))) {
      throw PlatError.badRequest("bad_description", "description must be at most " + MAX_DESCRIPTION
        + " characters with no control character but newline and tab");
    }
  }

  private static String shorten(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
