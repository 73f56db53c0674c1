package dev.plat.controller.impl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a container's freezer control file is, read from its main process's
 * {@code /proc/<pid>/cgroup} and this process's {@code /proc/self/mountinfo}: the cgroup v1
 * {@code freezer} hierarchy's {@code freezer.state} first (what Docker's own pause writes on a
 * hybrid host), then the v2 {@code cgroup.freeze}. A cgroup path that does not name the container
 * id is not taken: the pid then belongs to another pid or cgroup namespace than dockerd's.
 */
final class FreezerPaths {

  /** The two freezer interfaces: the control file, what freezes, what thaws. */
  public enum Kind {
    V1("freezer.state", "FROZEN", "THAWED"),
    V2("cgroup.freeze", "1", "0");

    final String file;
    final String frozen;
    final String thawed;

    Kind(String file, String frozen, String thawed) {
      this.file = file;
      this.frozen = frozen;
      this.thawed = thawed;
    }
  }

  /** A container's freezer: {@code file} is its control file. */
  public record Target(Kind kind, Path file) {
  }

  private FreezerPaths() {
  }

  /** The control files the container's cgroup could have, the preferred first; empty when none. */
  public static List<Target> candidates(String procCgroup, String mountinfo, String containerId) {
    List<Mount> mounts = mounts(mountinfo);
    List<Target> v1 = new ArrayList<>();
    List<Target> v2 = new ArrayList<>();
    for (String line : procCgroup.split("\n")) {
      String[] f = line.strip().split(":", 3);
      if (f.length < 3 || containerId.isEmpty() || !f[2].contains(containerId)) {
        continue;
      }
      boolean freezer = List.of(f[1].split(",")).contains("freezer");
      boolean unified = f[0].equals("0") && f[1].isEmpty();
      for (Mount m : mounts) {
        Path dir = m.dirOf(f[2]);
        if (dir == null) {
          continue;
        }
        if (freezer && m.fsType.equals("cgroup") && m.superOptions.contains("freezer")) {
          v1.add(new Target(Kind.V1, dir.resolve(Kind.V1.file)));
        } else if (unified && m.fsType.equals("cgroup2")) {
          v2.add(new Target(Kind.V2, dir.resolve(Kind.V2.file)));
        }
      }
    }
    v1.addAll(v2);
    return v1;
  }

  private static List<Mount> mounts(String mountinfo) {
    List<Mount> mounts = new ArrayList<>();
    for (String line : mountinfo.split("\n")) {
      int dash = line.indexOf(" - ");
      if (dash < 0) {
        continue;
      }
      String[] head = line.substring(0, dash).split(" ");
      String[] tail = line.substring(dash + 3).split(" ");
      if (head.length < 5 || tail.length < 3) {
        continue;
      }
      mounts.add(new Mount(unescape(head[3]), unescape(head[4]), tail[0], List.of(tail[2].split(","))));
    }
    return mounts;
  }

  /** mountinfo writes space, tab, newline and backslash as octal escapes ({@code \040}). */
  static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
        out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private record Mount(String root, String mountPoint, String fsType, List<String> superOptions) {
    /** The folder of cgroup {@code path} under this mount, or {@code null} when the mount does not show it. */
    Path dirOf(String path) {
      String rest;
      if (root.equals("/")) {
        rest = path;
      } else if (path.equals(root) || path.startsWith(root + "/")) {
        rest = path.substring(root.length());
      } else {
        return null;
      }
      return Path.of(mountPoint + (rest.startsWith("/") || rest.isEmpty() ? rest : "/" + rest));
    }
  }
}
