package dev.plat.builder.impl;

import dev.plat.cluster.api.PlatError;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

/** Checks and normalises the names and link targets found in a zip (zip-slip). */
public final class ZipNames {
  private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

  private ZipNames() {
  }

  /**
   * The entry name as a relative path of plain segments ({@code a/b.py}), or {@code ""} for the
   * root ({@code ./}).
   *
   * @throws PlatError 400 {@code zip_slip} for an absolute name, a drive letter, a backslash, a
   *                   {@code ..} segment or a control character
   */
  public static String normalize(String raw) {
    if (raw == null || raw.isEmpty()) {
      throw slip(raw, "an empty name");
    }
    if (raw.startsWith("/")) {
      throw slip(raw, "an absolute path");
    }
    if (raw.indexOf('\\') >= 0) {
      throw slip(raw, "a backslash");
    }
    if (DRIVE.matcher(raw).matches()) {
      throw slip(raw, "a drive letter");
    }
    if (raw.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw slip(raw, "a control character");
    }
    StringBuilder out = new StringBuilder();
    for (String segment : raw.split("/")) {
      if (segment.equals("..")) {
        throw slip(raw, "a '..' segment");
      }
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (out.length() > 0) {
        out.append('/');
      }
      out.append(segment);
    }
    return out.toString();
  }

  /**
   * Checks that a symbolic link stored at {@code name} (normalised) and pointing at {@code target}
   * stays inside the function folder.
   *
   * @throws PlatError 400 {@code zip_slip} when the target is absolute or leads out
   */
  public static void requireInside(String name, String target) {
    if (target.isEmpty() || target.startsWith("/") || target.indexOf('\\') >= 0 || DRIVE.matcher(target).matches()
        || target.chars().anyMatch(c -> c < 0x20)) {
      throw linkOut(name, target);
    }
    Deque<String> path = new ArrayDeque<>();
    String[] parts = name.split("/");
    for (int i = 0; i < parts.length - 1; i++) {
      path.addLast(parts[i]);
    }
    for (String segment : target.split("/")) {
      if (segment.equals("..")) {
        if (path.isEmpty()) {
          throw linkOut(name, target);
        }
        path.removeLast();
      } else if (!segment.isEmpty() && !segment.equals(".")) {
        path.addLast(segment);
      }
    }
  }

  private static PlatError slip(String raw, String what) {
    return PlatError.badRequest("zip_slip", "the zip entry '" + printable(raw) + "' has " + what
      + "; entries must be relative paths inside the function folder");
  }

  private static PlatError linkOut(String name, String target) {
    return PlatError.badRequest("zip_slip", "the zip entry '" + name + "' is a link leading out of the function folder (to '"
      + printable(target) + "')");
  }

  static String printable(String s) {
    return s == null ? "" : s.replaceAll("\\p{Cntrl}", "?");
  }
}
