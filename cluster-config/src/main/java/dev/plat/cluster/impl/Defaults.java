package dev.plat.cluster.impl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Defaults that depend on the host. */
public final class Defaults {
  private static final Path ETC_HOSTNAME = Path.of("/etc/hostname");

  private Defaults() {
  }

  /**
   * {@code node-<short host name>} made into a DNS label; the host name comes from
   * {@code HOSTNAME} in {@code env}, else {@code /etc/hostname}; {@code node-<random>} when neither
   * gives one. No DNS lookup.
   */
  public static String nodeId(Map<String, String> env) {
    String host = env.get("HOSTNAME");
    if (host == null || host.isBlank()) {
      host = readHostname();
    }
    String label = host == null ? "" : toLabel(host.strip().split("\\.")[0]);
    if (label.isEmpty()) {
      label = UUID.randomUUID().toString().substring(0, 8);
    }
    String id = "node-" + label;
    return id.length() <= 63 ? id : id.substring(0, 63).replaceAll("-+$", "");
  }

  /**
   * The names the gateway answers its API and dashboard on: {@code localhost}, {@code 127.0.0.1},
   * {@code ::1} and this machine's host name (from {@code HOSTNAME} in {@code env}, else
   * {@code /etc/hostname}), full and short. No DNS lookup.
   */
  public static String apiHosts(Map<String, String> env) {
    List<String> hosts = new ArrayList<>(List.of("localhost", "127.0.0.1", "::1"));
    String host = env.get("HOSTNAME");
    if (host == null || host.isBlank()) {
      host = readHostname();
    }
    host = host == null ? "" : host.strip().toLowerCase(Locale.ROOT);
    if (host.matches("[a-z0-9.-]+") && !hosts.contains(host)) {
      hosts.add(host);
      String shortName = host.split("\\.")[0];
      if (!shortName.isEmpty() && !hosts.contains(shortName)) {
        hosts.add(shortName);
      }
    }
    return String.join(",", hosts);
  }

  /**
   * The {@code runtimes} folder of a Plat checkout: {@code ./runtimes} or {@code ../runtimes} of the
   * working directory, else the one two levels above the running jar ({@code <root>/node/target/x.jar});
   * {@code ./runtimes} when none exists.
   */
  public static String runtimesDir(Map<String, String> env) {
    return checkoutFolder("runtimes");
  }

  /** The {@code webroot} folder of a Plat checkout (the dashboard), found like {@link #runtimesDir}. */
  public static String webroot(Map<String, String> env) {
    return checkoutFolder("webroot");
  }

  private static String checkoutFolder(String name) {
    Path cwd = Path.of("").toAbsolutePath();
    List<Path> candidates = new ArrayList<>(List.of(cwd.resolve(name), cwd.resolveSibling(name)));
    try {
      Path jar = Path.of(Defaults.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (jar.getParent() != null && jar.getParent().getParent() != null) {
        candidates.add(jar.getParent().getParent().resolveSibling(name));
      }
    } catch (RuntimeException | java.net.URISyntaxException e) {
      // no code source: only the working directory counts
    }
    return candidates.stream().filter(Files::isDirectory).findFirst().orElse(candidates.get(0)).toString();
  }

  static String toLabel(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
  }

  private static String readHostname() {
    try {
      return Files.isReadable(ETC_HOSTNAME) ? Files.readString(ETC_HOSTNAME) : null;
    } catch (IOException e) {
      return null;
    }
  }
}
